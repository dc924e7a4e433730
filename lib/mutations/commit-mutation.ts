import { db, type Tx } from '@/lib/db';
import { appendAudit, appendAuditLinks } from '@/lib/audit/append-audit';
import { recordTimelineEvent } from '@/lib/timeline/record-event';
import { realtimeBus, realtimeEventId } from '@/lib/realtime/bus';
import { actorUserId, type Actor } from '@/lib/audit/actor';
import { countCommitted } from '@/lib/ops/mutation-metrics';
import { asStorageFault, clearStorageFault } from '@/lib/db/storage-fault';
import type { Mutation } from './types';

export const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

type Work<T> = (tx: Tx) => Promise<Mutation<T>>;
type Committed<T> = { data: T; seq: number };

/**
 * The commit path: one mutation in one transaction with its AuditEntry and,
 * when it belongs to an incident, its TimelineEvent; a failed audit write
 * rolls the change back. Publishes to the realtime bus only after commit.
 * Server actions reach this through executeAction; the CLI, start-up tasks
 * and background workers call it with their named actor.
 */
export async function commitMutation<T>(actor: Actor, work: Work<T>): Promise<Committed<T>> {
  let committed: { mutation: Mutation<T>; seq: number };
  try {
    committed = await db.$transaction((tx) => applyMutation(tx, actor, work), TX_OPTIONS);
  } catch (err) {
    // A full disk, a read-only file or a lock is named as such, never shown as some other failure.
    throw asStorageFault(err);
  }
  clearStorageFault();
  return afterCommit(committed);
}

/** The mutation, its audit link and its timeline events, inside the caller's transaction. */
async function applyMutation<T>(tx: Tx, actor: Actor, work: Work<T>): Promise<{ mutation: Mutation<T>; seq: number }> {
  const mutation = checked(await work(tx));
  const { seq } = await appendAudit(tx, { actor, ...mutation.audit });
  await recordTimelines(tx, actor, mutation, seq);
  return { mutation, seq };
}

/**
 * A group's members in one transaction: their changes in queue order, then their audit
 * links in the same order (one INSERT), then their timeline events.
 */
async function applyMutations(tx: Tx, batch: Queued[]): Promise<{ mutation: Mutation<unknown>; seq: number }[]> {
  const mutations = [];
  for (const q of batch) mutations.push(checked(await q.work(tx)));
  const links = await appendAuditLinks(
    tx,
    mutations.map((m, i) => ({ actor: batch[i]!.actor, ...m.audit })),
  );
  const out = [];
  for (const [i, mutation] of mutations.entries()) {
    const { seq } = links[i]!;
    await recordTimelines(tx, batch[i]!.actor, mutation, seq);
    out.push({ mutation, seq });
  }
  return out;
}

function checked<T>(mutation: Mutation<T>): Mutation<T> {
  if (!mutation?.audit?.action) throw new Error('a mutation returned no audit record');
  return mutation;
}

async function recordTimelines(tx: Tx, actor: Actor, mutation: Mutation<unknown>, seq: number): Promise<void> {
  for (const timeline of [...(mutation.timeline ? [mutation.timeline] : []), ...(mutation.alsoOnTimelines ?? [])]) {
    if (!timeline.incidentId) throw new Error('a timeline event needs its incident');
    await recordTimelineEvent(tx, { ...timeline, actorId: actorUserId(actor), auditSeq: seq });
  }
}

function afterCommit<T>({ mutation, seq }: { mutation: Mutation<T>; seq: number }): Committed<T> {
  const bus = realtimeBus();
  const at = new Date().toISOString();
  // One mutation may publish several events; each gets its own id, ordered
  // after the audit seq, so Last-Event-ID replay neither drops nor repeats one.
  (mutation.publish ?? []).forEach((p, i) => bus.publish({ id: realtimeEventId(seq, i), at, ...p }));
  countCommitted(mutation.audit);
  return { data: mutation.data, seq };
}

type Queued = {
  actor: Actor;
  work: Work<unknown>;
  resolve: (c: Committed<unknown>) => void;
  reject: (err: unknown) => void;
};
type GroupState = { queue: Queued[]; scheduled: boolean; flushing: boolean };
const g = globalThis as unknown as { __warroomCommitGroup?: GroupState };
const group: GroupState = (g.__warroomCommitGroup ??= { queue: [], scheduled: false, flushing: false });

/**
 * commitMutation, grouped: every mutation queued in the same turn of the
 * event loop, or while the previous group was committing, goes into ONE
 * transaction (one fsync under synchronous = FULL), in the order queued,
 * each with its own audit link and timeline event. It resolves only after
 * that commit, so a caller that awaits it (a step's intent before its
 * command leaves) has its entry on disk exactly as with commitMutation.
 * For writers that come in bursts — the runner's step boundaries across 20
 * hosts — so they do not serialize one fsync each.
 *
 * If the group's transaction fails, each member is retried alone: one bad
 * member gets its own error and does not take the others down with it.
 */
export function commitMutationGrouped<T>(actor: Actor, work: Work<T>): Promise<Committed<T>> {
  return new Promise<Committed<T>>((resolve, reject) => {
    group.queue.push({ actor, work, resolve: resolve as Queued['resolve'], reject });
    scheduleGroup();
  });
}

function scheduleGroup(): void {
  if (group.scheduled || group.flushing || group.queue.length === 0) return;
  group.scheduled = true;
  // setImmediate, not a microtask: what a burst of promise callbacks queues (the result of
  // step k, then the intent of step k+1) lands in the same group.
  setImmediate(() => void flushGroup());
}

async function flushGroup(): Promise<void> {
  group.scheduled = false;
  group.flushing = true;
  const batch = group.queue.splice(0);
  try {
    if (batch.length === 1) {
      const [only] = batch as [Queued];
      await commitMutation(only.actor, only.work).then(only.resolve, only.reject);
      return;
    }
    let committed: { mutation: Mutation<unknown>; seq: number }[];
    try {
      committed = await db.$transaction((tx) => applyMutations(tx, batch), TX_OPTIONS);
    } catch {
      for (const q of batch) await commitMutation(q.actor, q.work).then(q.resolve, q.reject);
      return;
    }
    clearStorageFault();
    batch.forEach((q, i) => q.resolve(afterCommit(committed[i]!)));
  } finally {
    group.flushing = false;
    scheduleGroup();
  }
}
