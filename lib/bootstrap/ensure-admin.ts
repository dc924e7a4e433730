import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { systemActor, type Actor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { CreateUserInput, createUser } from '@/lib/users/users';

/**
 * An empty database gets one admin: from WARROOM_ADMIN_EMAIL /
 * WARROOM_ADMIN_PASSWORD, else admin@warroom.local with a generated
 * password printed once.
 */
export async function ensureAdmin(
  say: (line: string) => void = console.log,
  actor: Actor = systemActor('system:startup'),
): Promise<'exists' | 'created'> {
  if ((await db.user.count()) > 0) return 'exists';
  const env = getEnv();
  const input = CreateUserInput.parse({
    email: env.WARROOM_ADMIN_EMAIL || 'admin@warroom.local',
    name: 'Admin',
    role: 'admin',
    password: env.WARROOM_ADMIN_PASSWORD || undefined,
  });
  const { data } = await commitMutation(actor, (tx) => createUser(tx, input));
  if (data.generatedPassword) {
    say(
      `warroom: created the first admin — email ${data.email}  password ${data.generatedPassword}  (shown once; change it after signing in)`,
    );
  } else {
    say(`warroom: created the first admin ${data.email} (password from WARROOM_ADMIN_PASSWORD)`);
  }
  return 'created';
}
