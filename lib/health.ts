import 'server-only';
import { rawConnection } from '@/lib/db';
import { assertPragmas } from '@/lib/db/sqlite-pragmas';
import { getEnv } from '@/lib/env';

export type Health = { status: 'ok' | 'error'; db: string; version: string };

/** No auth and no secrets in it: load balancers and people read this. */
export async function checkHealth(): Promise<Health> {
  const version = getEnv().version;
  try {
    const raw = await rawConnection();
    raw.prepare('SELECT 1').get();
    assertPragmas(raw);
    raw.prepare('SELECT count(*) FROM "_warroom_migrations"').get();
    return { status: 'ok', db: 'ok', version };
  } catch (err) {
    const [firstLine = ''] = String((err as Error)?.message ?? err).split('\n');
    const reason = firstLine.slice(0, 200);
    return { status: 'error', db: `error: ${reason}`, version };
  }
}
