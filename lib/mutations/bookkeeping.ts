import { db, type Tx } from '@/lib/db';
import { logger } from '@/lib/logger';
import { TX_OPTIONS } from './commit-mutation';

/**
 * The one path for high-volume internal writes that are not mutations made
 * by someone: run lease heartbeats, streamed output chunks, throttle
 * counters, outbox claims, monitor samples. They are not audited one by one
 * (they would flood the hash chain); the state CHANGES they lead to — a run
 * interrupted, a delivery failed — are mutations and go through
 * commitMutation with their actor. See docs/architecture.md.
 *
 * `what` names the write for logs and errors ("run-output-chunk").
 */
export async function bookkeeping<T>(what: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(work, TX_OPTIONS);
  } catch (err) {
    logger().error({ err: { message: (err as Error)?.message }, what }, 'bookkeeping write failed');
    throw err;
  }
}

/**
 * Health's write probe: a write that needs fresh pages and reaches the file — a row with a blob
 * larger than a page (overflow pages come from the free list or the end of the file), committed,
 * then deleted. Reads keep working on a full disk, so a read-only check would say "ok" while every
 * save fails. Raw SQL, so it lives here with the other unaudited writes.
 */
const PROBE_BYTES = 3 * 4096;

export async function probeWrite(): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(
        'CREATE TABLE IF NOT EXISTS "_warroom_write_probe" ("id" INTEGER PRIMARY KEY, "at" TEXT NOT NULL, "pad" BLOB)',
      );
      await tx.$executeRawUnsafe(
        `INSERT OR REPLACE INTO "_warroom_write_probe" ("id", "at", "pad") VALUES (1, ?, zeroblob(${PROBE_BYTES}))`,
        new Date().toISOString(),
      );
      await tx.$executeRawUnsafe('DELETE FROM "_warroom_write_probe"');
    },
    { maxWait: 3_000, timeout: 5_000 },
  );
}
