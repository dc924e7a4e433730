import 'server-only';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/errors';
import type { Permission } from '@/lib/auth/permissions';
import { executeAction } from '@/lib/mutations/execute-action';
import type { ActionDefinition } from '@/lib/mutations/types';
import { getCurrentUser } from './session';

/**
 * A server action as client components see it: typed by the definition's
 * input schema (or a form's FormData), so calling it with the wrong shape
 * fails `tsc`.
 */
export type GuardedAction<S extends z.ZodType, T> = ((input: z.input<S> | FormData) => Promise<ActionResult<T>>) & {
  permission: Permission;
};

/**
 * The only way to write a server action: app/**\/actions.ts wraps a
 * definition from lib/<feature>/actions.ts —
 *   export const tickChecklistItem = action(tickItemDef);
 * The session comes from the request; revalidation runs after commit.
 */
export function action<S extends z.ZodType, T, P = undefined, C = undefined>(
  def: ActionDefinition<S, T, P, C>,
): GuardedAction<S, T> {
  const run = async (input: z.input<S> | FormData) =>
    executeAction(def, await getCurrentUser(), input, {
      revalidate: (paths) => paths.forEach((p) => revalidatePath(p)),
    });
  return Object.assign(run, { permission: def.permission });
}
