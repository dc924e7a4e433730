import { db, type Tx } from '@/lib/db';
import { appendAudit } from '@/lib/audit/append-audit';
import { recordTimelineEvent } from '@/lib/timeline/record-event';
import { realtimeBus, realtimeEventId } from '@/lib/realtime/bus';
import { actorUserId, type Actor } from '@/lib/audit/actor';
import type { Mutation } from './types';

export const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

/**
 * The commit path: one mutation in one transaction with its AuditEntry and,
 * when it belongs to an incident, its TimelineEvent; a failed audit write
 * rolls the change back. Publishes to the realtime bus only after commit.
 * Server actions reach this through executeAction; the CLI, start-up tasks
 * and background workers call it with their named actor.
 */
export async function commitMutation<T>(
  actor: Actor,
  work: (tx: Tx) => Promise<Mutation<T>>,
): Promise<{ data: T; seq: number }> {
  const { mutation, seq } = await db.$transaction(async (tx) => {
    const mutation = await work(tx);
    if (!mutation?.audit?.action) throw new Error('a mutation returned no audit record');
    const { seq } = await appendAudit(tx, { actor, ...mutation.audit });
    for (const timeline of [...(mutation.timeline ? [mutation.timeline] : []), ...(mutation.alsoOnTimelines ?? [])]) {
      if (!timeline.incidentId) throw new Error('a timeline event needs its incident');
      await recordTimelineEvent(tx, { ...timeline, actorId: actorUserId(actor), auditSeq: seq });
    }
    return { mutation, seq };
  }, TX_OPTIONS);
  const bus = realtimeBus();
  const at = new Date().toISOString();
  // One mutation may publish several events; each gets its own id, ordered
  // after the audit seq, so Last-Event-ID replay neither drops nor repeats one.
  (mutation.publish ?? []).forEach((p, i) => bus.publish({ id: realtimeEventId(seq, i), at, ...p }));
  return { data: mutation.data, seq };
}
