import type { Actor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { type CreateUserInput, createUser, hashNewPassword } from './users';

/**
 * A user added on the system's behalf — the CLI's `user add`, the first
 * admin at start-up — by a named actor: the password hashed first, then the
 * commit, so the write lock is never held while scrypt runs.
 */
export async function addUser(actor: Actor, input: CreateUserInput) {
  const password = await hashNewPassword(input.password);
  return commitMutation(actor, (tx) => createUser(tx, input, password));
}
