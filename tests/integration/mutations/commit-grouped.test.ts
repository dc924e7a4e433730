import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/**
 * Group commit on a real SQLite file: mutations queued together share one
 * transaction (one fsync), each keeps its own audit link in queue order,
 * each resolves only after that commit, and one bad member does not take
 * the others down.
 */
const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation, commitMutationGrouped } = await import('@/lib/mutations/commit-mutation');
const { systemActor } = await import('@/lib/audit/actor');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');

const actor = systemActor('system:startup');
const client = () =>
  (globalThis as unknown as { __warroomDb: { client: { $transaction: unknown } } }).__warroomDb.client;

function countTransactions() {
  return vi.spyOn(client() as { $transaction: (...args: unknown[]) => unknown }, '$transaction');
}

const entry = (n: number) => async () => ({
  data: n,
  audit: { action: 'test.grouped', targetType: 'test', targetId: String(n) },
});

afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  expect((await verifyAuditChain(db)).ok).toBe(true);
  await closeDb();
});

describe('commitMutationGrouped', () => {
  it('commits what is queued together in one transaction, each with its own seq, in queue order', async () => {
    await commitMutation(actor, entry(0)); // the connection is open before counting
    const transactions = countTransactions();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => commitMutationGrouped(actor, entry(i + 1))));
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(results.map((r) => r.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const seqs = results.map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
    const stored = await db.auditEntry.findMany({ where: { action: 'test.grouped', seq: { in: seqs } } });
    expect(stored.map((s) => s.targetId).sort((a, b) => Number(a) - Number(b))).toEqual(
      results.map((r) => String(r.data)),
    );
  });

  it('resolves a member only once its group is on disk; what arrives meanwhile goes in the next group', async () => {
    const transactions = countTransactions();
    const reader = new Database(dbPath, { readonly: true });
    // Another connection reads the entry the moment the promise resolves: it was committed by then.
    const seen = (seq: number) => reader.prepare('SELECT "targetId" FROM "AuditEntry" WHERE "seq" = ?').get(seq);
    const first = commitMutationGrouped(actor, entry(100)).then((r) => ({ ...r, seen: seen(r.seq) }));
    // Queued after the first group has started committing (setImmediate has run it).
    await new Promise((resolve) => setImmediate(resolve));
    const later = Promise.all([commitMutationGrouped(actor, entry(101)), commitMutationGrouped(actor, entry(102))]);
    const [a, [b, c]] = await Promise.all([first, later]);
    reader.close();
    expect(a.seen).toEqual({ targetId: '100' });
    expect(transactions).toHaveBeenCalledTimes(2);
    expect([b.seq, c.seq]).toEqual([a.seq + 1, a.seq + 2]);
  });

  it('a member that fails gets its own error; the others are committed', async () => {
    const before = await db.auditEntry.count();
    const outcomes = await Promise.allSettled([
      commitMutationGrouped(actor, entry(200)),
      commitMutationGrouped(actor, async () => {
        throw new Error('this member is broken');
      }),
      commitMutationGrouped(actor, entry(201)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/this member is broken/);
    expect(await db.auditEntry.count()).toBe(before + 2);
    const targets = (await db.auditEntry.findMany({ where: { targetId: { in: ['200', '201'] } } })).map(
      (r) => r.targetId,
    );
    expect(targets.sort()).toEqual(['200', '201']);
  });
});
