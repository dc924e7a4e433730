import type { z } from 'zod';
import type { ActionDefinition } from './types';

/**
 * Defines an action: returns the plain object as it is, and infers the
 * input schema, the data type and the prepared type for the handler.
 */
export function defineAction<S extends z.ZodType, T, P = undefined>(
  def: ActionDefinition<S, T, P>,
): ActionDefinition<S, T, P> {
  if (def.prepare && !def.intent) {
    throw new Error(`an action with prepare must declare its intent (${def.permission})`);
  }
  return def;
}
