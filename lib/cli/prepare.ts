import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db/migrate';
import { ensureSecrets } from '@/lib/bootstrap/ensure-secrets';
import { ensureAdmin } from '@/lib/bootstrap/ensure-admin';
import { STARTUP_TASKS } from '@/lib/bootstrap/startup-tasks';
import { settlePendingEnvSecrets } from '@/lib/secrets/pending-env-secrets';
import { systemActor, type Actor } from '@/lib/audit/actor';

/** Everything `npm start` does before serving: idempotent, safe to re-run. */
export async function prepareDatabase(
  say: (line: string) => void = console.log,
  actor: Actor = systemActor('system:startup'),
): Promise<void> {
  ensureSecrets(say);
  const env = getEnv();
  const m = migrateDatabase(env.databasePath);
  if (m.applied.length) say(`warroom: database ${env.databasePath}: applied ${m.applied.join(', ')}`);
  // After a `secrets rotate` with keys from the environment: never serve with the key from before.
  if (env.WARROOM_SECRET_KEY) await settlePendingEnvSecrets(say);
  await ensureAdmin(say, actor);
  for (const task of STARTUP_TASKS) await task(say, actor);
}
