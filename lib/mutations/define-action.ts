import type { z } from 'zod';
import type { ActionDefinition } from './types';

/**
 * Defines an action: returns the plain object as it is, and infers the
 * input schema, the data type, and the prepared and precomputed types for
 * the handler.
 */
export function defineAction<S extends z.ZodType, T, P = undefined, C = undefined>(
  def: ActionDefinition<S, T, P, C>,
): ActionDefinition<S, T, P, C> {
  if (def.prepare && !def.intent) {
    throw new Error(`an action with prepare must declare its intent (${def.permission})`);
  }
  return def;
}
