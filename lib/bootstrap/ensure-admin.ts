import fs from 'node:fs';
import path from 'node:path';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { systemActor, type Actor } from '@/lib/audit/actor';
import { CreateUserInput } from '@/lib/users/users';
import { addUser } from '@/lib/users/add-user';

/**
 * An empty database gets one admin: from WARROOM_ADMIN_EMAIL /
 * WARROOM_ADMIN_PASSWORD, else admin@warroom.local with a generated
 * password printed once.
 */
export async function ensureAdmin(
  say: (line: string) => void = console.log,
  actor: Actor = systemActor('system:startup'),
  toTerminal: boolean = Boolean(process.stdout.isTTY),
): Promise<'exists' | 'created'> {
  if ((await db.user.count()) > 0) return 'exists';
  const env = getEnv();
  const input = CreateUserInput.parse({
    email: env.WARROOM_ADMIN_EMAIL || 'admin@warroom.local',
    name: 'Admin',
    role: 'admin',
    password: env.WARROOM_ADMIN_PASSWORD || undefined,
  });
  const { data } = await addUser(actor, input);
  if (data.generatedPassword && toTerminal) {
    say(
      `warroom: created the first admin — email ${data.email}  password ${data.generatedPassword}  (shown once; change it after signing in)`,
    );
  } else if (data.generatedPassword) {
    // Not a terminal: this output goes to a service log (journald, a file) that others can read
    // and that is kept. The password goes to a file only its owner can read; the log gets its path.
    const file = path.join(env.configDir, 'first-admin-password.txt');
    fs.mkdirSync(env.configDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${data.email}\n${data.generatedPassword}\n`, { mode: 0o600 });
    say(
      `warroom: created the first admin ${data.email}; the generated password is in ${file} (mode 600): sign in, change it, delete the file`,
    );
  } else {
    say(`warroom: created the first admin ${data.email} (password from WARROOM_ADMIN_PASSWORD)`);
  }
  return 'created';
}
