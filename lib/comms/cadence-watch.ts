import { db, type Tx } from '@/lib/db';
import { itemEvent, setItemDone } from '@/lib/checklists/item-state';
import { systemActor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { incidentChannel } from '@/lib/realtime/bus';
import { logger } from '@/lib/logger';
import { missedSummary, missToRecord } from './cadence';
import { COMMS_CADENCE_EVENT } from './events';

/**
 * The server-side half of the cadence: every ~10 s, any active cadence of an
 * unresolved incident that is past due gets ONE timeline event per missed
 * period ("Missed status update: due 09:15 UTC, 15-minute cadence") and its
 * `lastMissedAt` set to that period's due time; its linked recurring item
 * ("Status update every 15 minutes"), ticked for the period that ended, is
 * unticked in the same transaction. Runs once per process
 * (instrumentation.ts); the check re-reads the cadence inside the
 * transaction, so a publish racing the watcher never produces a false miss.
 */
const WATCH_INTERVAL_MS = 10_000;

class NothingToRecord extends Error {}

export async function recordMissedCadences(now: Date = new Date()): Promise<{ cadenceId: string; dueAt: Date }[]> {
  const cadences = await db.cadence.findMany({
    where: { active: true, incident: { status: { not: 'resolved' } } },
    select: { id: true, everyMinutes: true, startedAt: true, lastSentAt: true, lastMissedAt: true },
  });
  const recorded: { cadenceId: string; dueAt: Date }[] = [];
  for (const candidate of cadences) {
    if (!missToRecord(candidate, now)) continue;
    try {
      const { data } = await commitMutation(systemActor('system:cadence-watch'), async (tx) => {
        const c = await tx.cadence.findUnique({
          where: { id: candidate.id },
          select: {
            id: true,
            incidentId: true,
            text: true,
            active: true,
            everyMinutes: true,
            startedAt: true,
            lastSentAt: true,
            lastMissedAt: true,
            linkedItemId: true,
          },
        });
        const miss = c?.active ? missToRecord(c, now) : null;
        if (!c || !miss) throw new NothingToRecord();
        await tx.cadence.update({ where: { id: c.id }, data: { lastMissedAt: miss.dueAt } });
        // The recurring item was done for the period that just ended, not for ever: it is due again.
        const reopened = c.linkedItemId ? await reopenItem(tx, c.linkedItemId) : null;
        const summary = missedSummary(c, miss) + (reopened ? `; "${reopened.text}" is due again` : '');
        return {
          data: { cadenceId: c.id, dueAt: miss.dueAt },
          audit: {
            action: 'comms.cadence-missed',
            targetType: 'cadence',
            targetId: c.id,
            payload: {
              dueAt: miss.dueAt.toISOString(),
              everyMinutes: c.everyMinutes,
              periods: miss.periods,
              reopenedItemId: reopened?.id ?? null,
            },
          },
          timeline: {
            incidentId: c.incidentId,
            kind: 'comms.missed',
            summary,
            data: { cadenceId: c.id, dueAt: miss.dueAt.toISOString(), periods: miss.periods },
            at: now,
          },
          publish: [
            ...(reopened ? [itemEvent(reopened)] : []),
            {
              channel: incidentChannel(c.incidentId),
              type: COMMS_CADENCE_EVENT,
              data: { cadenceId: c.id, missedDueAt: miss.dueAt.toISOString() },
            },
          ],
        };
      });
      recorded.push(data);
    } catch (err) {
      if (!(err instanceof NothingToRecord)) throw err;
    }
  }
  return recorded;
}

async function reopenItem(tx: Tx, itemId: string) {
  const item = await tx.checklistItem.findUnique({ where: { id: itemId }, select: { done: true } });
  if (!item?.done) return null;
  return (await setItemDone(tx, null, itemId, false)).after;
}

type ShutdownHook = () => void | Promise<void>;
const g = globalThis as unknown as {
  __warroomCadenceWatch?: { stop: () => void };
  __warroomShutdownHooks?: Set<ShutdownHook>;
};

/** Starts the watcher once per process; stops on the server's shutdown hooks. Returns the stop function. */
export function startCadenceWatch(opts: { intervalMs?: number; now?: () => Date } = {}): () => void {
  if (g.__warroomCadenceWatch) return g.__warroomCadenceWatch.stop;
  const now = opts.now ?? (() => new Date());
  let running = false;
  const tick = async () => {
    // A slow pass (a busy database) is never overlapped by the next one.
    if (running) return;
    running = true;
    try {
      const recorded = await recordMissedCadences(now());
      if (recorded.length) logger().info({ missed: recorded.length }, 'cadence watch: missed status updates recorded');
    } catch (err) {
      logger().error({ err: { message: (err as Error)?.message } }, 'cadence watch failed; retrying next interval');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? WATCH_INTERVAL_MS);
  timer.unref?.();
  const stop = () => {
    clearInterval(timer);
    g.__warroomShutdownHooks?.delete(stop);
    if (g.__warroomCadenceWatch?.stop === stop) g.__warroomCadenceWatch = undefined;
  };
  g.__warroomCadenceWatch = { stop };
  (g.__warroomShutdownHooks ??= new Set()).add(stop);
  return stop;
}
