import { db, type Tx } from '@/lib/db';
import { appendAudit, appendAuditLinks } from '@/lib/audit/append-audit';
import { recordTimelineEvent } from '@/lib/timeline/record-event';
import { realtimeBus, realtimeEventId } from '@/lib/realtime/bus';
import { actorUserId, type Actor } from '@/lib/audit/actor';
import { countCommitted } from '@/lib/ops/mutation-metrics';
import { asStorageFault, clearStorageFault } from '@/lib/db/storage-fault';
import { logger } from '@/lib/logger';
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
 * A group's members in one transaction: their changes in queue order, then the audited
 * members' audit links in the same order (one head read), then their timeline events.
 * Bookkeeping members write and have no link.
 */
async function applyGroup(tx: Tx, batch: Queued[]): Promise<GroupOutcome[]> {
  const outcomes: GroupOutcome[] = [];
  for (const q of batch) {
    outcomes.push(
      q.kind === 'mutation'
        ? { kind: 'mutation', mutation: checked(await q.work(tx)), seq: 0 }
        : { kind: 'bookkeeping', data: await q.work(tx) },
    );
  }
  const audited = outcomes.flatMap((o, i) => (o.kind === 'mutation' ? [{ o, q: batch[i] as QueuedMutation }] : []));
  const links = await appendAuditLinks(
    tx,
    audited.map(({ o, q }) => ({ actor: q.actor, ...o.mutation.audit })),
  );
  for (const [i, { o, q }] of audited.entries()) {
    o.seq = links[i]!.seq;
    await recordTimelines(tx, q.actor, o.mutation, o.seq);
  }
  return outcomes;
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

type QueuedMutation = {
  kind: 'mutation';
  actor: Actor;
  work: Work<unknown>;
  resolve: (c: Committed<unknown>) => void;
  reject: (err: unknown) => void;
};
type QueuedBookkeeping = {
  kind: 'bookkeeping';
  what: string;
  work: (tx: Tx) => Promise<unknown>;
  resolve: (data: unknown) => void;
  reject: (err: unknown) => void;
};
type Queued = QueuedMutation | QueuedBookkeeping;
type GroupOutcome =
  { kind: 'mutation'; mutation: Mutation<unknown>; seq: number } | { kind: 'bookkeeping'; data: unknown };
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
    group.queue.push({ kind: 'mutation', actor, work, resolve: resolve as QueuedMutation['resolve'], reject });
    scheduleGroup();
  });
}

/**
 * A bookkeeping write (lib/mutations/bookkeeping.ts: not audited one by one)
 * that joins the next group instead of paying a transaction and an fsync of
 * its own: the row of a step whose intent was committed ahead, written in
 * the same commit as the previous step's result. Resolves after that commit.
 */
export function bookkeepingGrouped<T>(what: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    group.queue.push({ kind: 'bookkeeping', what, work, resolve: resolve as QueuedBookkeeping['resolve'], reject });
    scheduleGroup();
  });
}

/** One member on its own: after its group failed, or when it is alone in the queue. */
async function commitAlone(q: Queued): Promise<void> {
  if (q.kind === 'mutation') return commitMutation(q.actor, q.work).then(q.resolve, q.reject);
  try {
    q.resolve(await db.$transaction(q.work, TX_OPTIONS));
  } catch (err) {
    logger().error({ err: { message: (err as Error)?.message }, what: q.what }, 'bookkeeping write failed');
    q.reject(asStorageFault(err));
  }
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
      await commitAlone(batch[0]!);
      return;
    }
    let outcomes: GroupOutcome[];
    try {
      outcomes = await db.$transaction((tx) => applyGroup(tx, batch), TX_OPTIONS);
    } catch {
      for (const q of batch) await commitAlone(q);
      return;
    }
    clearStorageFault();
    batch.forEach((q, i) => {
      const o = outcomes[i]!;
      if (q.kind === 'mutation' && o.kind === 'mutation') q.resolve(afterCommit(o));
      else if (q.kind === 'bookkeeping' && o.kind === 'bookkeeping') q.resolve(o.data);
    });
  } finally {
    group.flushing = false;
    scheduleGroup();
  }
}
