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
