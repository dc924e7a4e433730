import 'server-only';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/errors';
import { executeAction, type ActionDefinition } from './execute-action';
import { getCurrentUser } from './session';

export type GuardedAction<T> = ((input: unknown) => Promise<ActionResult<T>>) & { permission: string };

/**
 * The only way to write a server action. Example:
 *   export const tickItem = action({ permission: 'checklist:tick', input: TickItemInput,
 *     handler: async ({ user, input, tx }) => tickChecklistItem(tx, user, input) });
 * Every export of app/**\/actions.ts is checked by e2e/actions-refuse.spec.ts.
 */
export function action<S extends z.ZodType, T, P = undefined>(def: ActionDefinition<S, T, P>): GuardedAction<T> {
  const run = async (input: unknown) => executeAction(def, await getCurrentUser(), input);
  return Object.assign(run, { permission: def.permission });
}
