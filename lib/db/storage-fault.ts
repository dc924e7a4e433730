import { AppError } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { metrics, type StorageFaultCause } from '@/lib/metrics';

/**
 * When the database cannot take a write, say why, everywhere. A full disk
 * used to surface as "Wrong email or password" at sign-in and "Could not
 * reach warroom" on a tick: an infrastructure fault shown as something
 * else, which is how the fixture's SSO outage misled its on-call.
 *
 * One process-wide state (a globalThis singleton, shared by the server and
 * Next's bundles): set by any write that fails for a storage reason, shown
 * to admins as a banner and by /api/health and the
 * warroom_database_write_fault gauge; cleared by itself once a probe write
 * succeeds again (retried in the background while the fault lasts).
 */
export type StorageFault = { cause: StorageFaultCause; since: string; detail: string };

export const STORAGE_FAULT_MESSAGES: Record<StorageFaultCause, string> = {
  disk_full: 'warroom cannot save right now: the disk holding its database is full',
  read_only: 'warroom cannot save right now: its database is read-only',
  locked: 'warroom cannot save right now: its database is locked by another process; try again in a moment',
};

const CODES: Record<StorageFaultCause, `unavailable:${string}`> = {
  disk_full: 'unavailable:disk-full',
  read_only: 'unavailable:database-read-only',
  locked: 'unavailable:database-busy',
};

const RETRY_MS = 5_000;

type State = { fault: StorageFault | null; retry?: NodeJS.Timeout; probe?: () => Promise<void> };
const g = globalThis as unknown as { __warroomStorageFault?: State };
const state: State = (g.__warroomStorageFault ??= { fault: null });

/** Which storage fault an error is, from SQLite's code or message as it reaches us through Prisma. */
export function classifyStorageError(err: unknown): StorageFaultCause | null {
  const e = err as { message?: unknown; code?: unknown; meta?: unknown } | null;
  const text = `${String(e?.code ?? '')} ${String(e?.message ?? err)} ${safeJson(e?.meta)}`;
  if (/SQLITE_FULL|database or disk is full|ENOSPC|no space left on device/i.test(text)) return 'disk_full';
  if (/SQLITE_READONLY|readonly database|read-only file system|EROFS/i.test(text)) return 'read_only';
  if (/SQLITE_BUSY|database is locked/i.test(text)) return 'locked';
  return null;
}

function safeJson(v: unknown): string {
  try {
    return v === undefined ? '' : JSON.stringify(v);
  } catch {
    return '';
  }
}

export function currentStorageFault(): StorageFault | null {
  return state.fault;
}

export function storageFaultError(cause: StorageFaultCause): AppError {
  return new AppError(CODES[cause], STORAGE_FAULT_MESSAGES[cause]);
}

/** A storage error becomes the AppError that names it (and is recorded); any other error is returned as it is. */
export function asStorageFault(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const cause = classifyStorageError(err);
  if (!cause) return err;
  noteStorageFault(cause, err);
  return storageFaultError(cause);
}

export function noteStorageFault(cause: StorageFaultCause, err?: unknown): void {
  const m = metrics();
  m.databaseErrors.inc({ kind: cause });
  if (cause === 'locked') {
    // A lock that outlived the busy timeout is contention, not a broken volume: counted, no banner.
    m.databaseBusy.inc();
    return;
  }
  const detail = String((err as Error)?.message ?? err ?? '')
    .split('\n')
    .filter((l) => /SQLITE|disk|read-?only|space/i.test(l))[0]
    ?.trim()
    .slice(0, 200);
  if (state.fault?.cause !== cause) {
    state.fault = { cause, since: new Date().toISOString(), detail: detail || cause };
    for (const c of Object.keys(STORAGE_FAULT_MESSAGES) as StorageFaultCause[])
      m.storageFault.set({ cause: c }, c === cause ? 1 : 0);
    logger().error({ cause, detail }, STORAGE_FAULT_MESSAGES[cause]);
  }
  scheduleRetry();
}

export function clearStorageFault(): void {
  if (!state.fault) return;
  const was = state.fault;
  state.fault = null;
  for (const c of Object.keys(STORAGE_FAULT_MESSAGES) as StorageFaultCause[])
    metrics().storageFault.set({ cause: c }, 0);
  if (state.retry) clearInterval(state.retry);
  state.retry = undefined;
  logger().warn({ cause: was.cause, since: was.since }, 'database takes writes again');
}

/** The write probe to retry while a fault lasts (lib/health.ts registers it; kept here to avoid an import cycle). */
export function setStorageProbe(probe: () => Promise<void>): void {
  state.probe = probe;
}

function scheduleRetry(): void {
  if (state.retry || !state.probe) return;
  state.retry = setInterval(() => {
    void state.probe?.().catch(() => {});
  }, RETRY_MS);
  state.retry.unref?.();
}
