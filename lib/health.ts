import 'server-only';
import { rawConnection, writeProbeRow } from '@/lib/db';
import { bookkeeping } from '@/lib/mutations/bookkeeping';
import { assertPragmas } from '@/lib/db/sqlite-pragmas';
import {
  STORAGE_FAULT_MESSAGES,
  classifyStorageError,
  currentStorageFault,
  clearStorageFault,
  noteStorageFault,
  setStorageProbe,
} from '@/lib/db/storage-fault';
import { getEnv } from '@/lib/env';
import type { StorageFaultCause } from '@/lib/metrics';

export type Health = { status: 'ok' | 'error'; db: string; version: string; cause?: StorageFaultCause };

/** Three pages: more than fits in one, so the probe allocates like a real save does. */
const PROBE_BYTES = 3 * 4096;

export async function probeWrite(): Promise<void> {
  await bookkeeping('health-write-probe', (tx) => writeProbeRow(tx, PROBE_BYTES));
}

async function probeAndRecord(): Promise<StorageFaultCause | null> {
  try {
    await probeWrite();
    clearStorageFault();
    return null;
  } catch (err) {
    const cause = classifyStorageError(err) ?? (/in the given time/i.test(String(err)) ? 'locked' : null);
    if (!cause) throw err;
    noteStorageFault(cause, err);
    return cause;
  }
}

setStorageProbe(async () => {
  await probeAndRecord();
});

/** No auth and no secrets in it: load balancers and people read this. */
export async function checkHealth(): Promise<Health> {
  const version = getEnv().version;
  try {
    const raw = await rawConnection();
    raw.prepare('SELECT 1').get();
    assertPragmas(raw);
    raw.prepare('SELECT count(*) FROM "_warroom_migrations"').get();
    const cause = await probeAndRecord();
    if (cause) return { status: 'error', db: `error: ${STORAGE_FAULT_MESSAGES[cause]}`, cause, version };
    return { status: 'ok', db: 'ok', version };
  } catch (err) {
    const [firstLine = ''] = String((err as Error)?.message ?? err).split('\n');
    const reason = firstLine.slice(0, 200);
    return { status: 'error', db: `error: ${reason}`, version };
  }
}

/** For the admin banner: the storage fault in force, if any (importing this module also arms the recovery probe). */
export function storageFaultNow(): { message: string; since: string; detail: string } | null {
  const fault = currentStorageFault();
  return fault ? { message: STORAGE_FAULT_MESSAGES[fault.cause], since: fault.since, detail: fault.detail } : null;
}
