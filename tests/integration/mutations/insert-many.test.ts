import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/**
 * insertMany (lib/mutations/insert-many.ts) writes what Prisma's createMany
 * would: the same values read back through Prisma, the same stored text for
 * times and flags in the SQLite file, the defaults Prisma fills in — and it
 * commits or rolls back with the mutation's transaction.
 */
const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { insertMany } = await import('@/lib/mutations/insert-many');
const { cliActor } = await import('@/lib/audit/actor');

const actor = cliActor('tester');
let incidentId = '';
let groupId = '';

beforeAll(async () => {
  const { data } = await commitMutation(actor, async (tx) => {
    const incident = await tx.incident.create({
      data: { slug: 'bulk', title: 'Bulk', severity: 'SEV2', sourceMarkdown: '', planJson: '{}' },
    });
    const checklist = await tx.checklist.create({
      data: { incidentId: incident.id, position: 0, kind: 'deployment', title: 'Deploy' },
    });
    const group = await tx.checklistGroup.create({
      data: { checklistId: checklist.id, position: 0, title: 'Phase 1' },
    });
    return {
      data: { incidentId: incident.id, groupId: group.id },
      audit: { action: 'test.setup', targetType: 'incident' },
    };
  });
  ({ incidentId, groupId } = data);
});

afterAll(() => closeDb());

/** Both ways inside one audited transaction each; returns the ids each way wrote. */
async function writeBothWays<T>(
  createMany: (tx: Parameters<Parameters<typeof commitMutation>[1]>[0], rows: T[]) => Promise<unknown>,
  table: Parameters<typeof insertMany>[1],
  rows: T[],
) {
  await commitMutation(actor, async (tx) => {
    await createMany(tx, rows);
    await insertMany(tx, table, rows as never);
    return { data: null, audit: { action: 'test.bulk', targetType: 'incident', targetId: incidentId } };
  });
}

const without = <R extends { id: string }>(row: R, ...keys: (keyof R)[]) => {
  const copy: Partial<R> = { ...row };
  for (const k of ['id', ...keys] as (keyof R)[]) delete copy[k];
  return copy;
};

describe('insertMany', () => {
  it('writes timeline events as createMany does: values, defaults and stored text', async () => {
    const at = new Date('2026-01-12T05:54:07.000Z');
    const rows = [
      { incidentId, at, kind: 'imported', summary: 'first', data: '{"imported":true}' },
      { incidentId, at, kind: 'imported', summary: 'second, no data or zone' },
      { incidentId, at, kind: 'note', summary: 'with a zone', sourceTz: 'CST (UTC-06:00)', auditSeq: 7 },
    ];
    await writeBothWays((tx, r: typeof rows) => tx.timelineEvent.createMany({ data: r }), 'TimelineEvent', rows);

    const read = await db.timelineEvent.findMany({ where: { incidentId }, orderBy: { summary: 'asc' } });
    expect(read).toHaveLength(6);
    for (let i = 0; i < read.length; i += 2) {
      expect(without(read[i]!, 'recordedAt')).toEqual(without(read[i + 1]!, 'recordedAt'));
      expect(read[i + 1]!.recordedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(read.map((r) => r.data)).toContain('{}');

    const file = new Database(dbPath, { readonly: true });
    const stored = file.prepare('SELECT at, recordedAt FROM "TimelineEvent" WHERE incidentId = ?').all(incidentId) as {
      at: string;
      recordedAt: string;
    }[];
    file.close();
    // The very text Prisma writes, so ordering by time compares like with like.
    for (const s of stored) {
      expect(s.at).toBe('2026-01-12T05:54:07.000+00:00');
      expect(s.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    }
  });

  it('writes checklist items and action items as createMany does, flags and nulls included', async () => {
    const items = [
      { groupId, position: 0, text: 'done one', done: true, doneAt: new Date('2026-01-12T06:00:00.000Z') },
      { groupId, position: 1, text: 'open one', depth: 2 },
    ];
    await writeBothWays((tx, r: typeof items) => tx.checklistItem.createMany({ data: r }), 'ChecklistItem', items);
    const readItems = await db.checklistItem.findMany({ where: { groupId }, orderBy: [{ text: 'asc' }] });
    expect(readItems).toHaveLength(4);
    for (let i = 0; i < 4; i += 2)
      expect(without(readItems[i]!, 'createdAt', 'updatedAt')).toEqual(
        without(readItems[i + 1]!, 'createdAt', 'updatedAt'),
      );
    expect(readItems.find((r) => r.text === 'open one')).toMatchObject({ done: false, version: 1, doneAt: null });

    const actions = [
      { incidentId, position: 0, text: 'Add health checks', done: false, owner: 'ops', due: '2026-01-20' },
      { incidentId, position: 1, text: 'Clean deploys', done: true, link: 'https://example.test/1' },
    ];
    await writeBothWays((tx, r: typeof actions) => tx.actionItem.createMany({ data: r }), 'ActionItem', actions);
    const readActions = await db.actionItem.findMany({ where: { incidentId }, orderBy: [{ text: 'asc' }] });
    expect(readActions).toHaveLength(4);
    for (let i = 0; i < 4; i += 2)
      expect(without(readActions[i]!, 'createdAt', 'updatedAt')).toEqual(
        without(readActions[i + 1]!, 'createdAt', 'updatedAt'),
      );
  });

  it('splits thousands of rows over several statements and counts them all', async () => {
    const rows = Array.from({ length: 2500 }, (_, n) => ({
      incidentId,
      at: new Date(Date.UTC(2026, 0, 12, 6, 0, n)),
      kind: 'imported',
      summary: `bulk ${n}`,
    }));
    const { data: written } = await commitMutation(actor, async (tx) => ({
      data: await insertMany(tx, 'TimelineEvent', rows),
      audit: { action: 'test.bulk', targetType: 'incident', targetId: incidentId },
    }));
    expect(written).toBe(2500);
    const ids = await db.timelineEvent.findMany({ where: { summary: { startsWith: 'bulk ' } }, select: { id: true } });
    expect(new Set(ids.map((r) => r.id)).size).toBe(2500);
  });

  it('rolls back with the transaction it was given', async () => {
    const before = await db.timelineEvent.count();
    await expect(
      commitMutation(actor, async (tx) => {
        await insertMany(tx, 'TimelineEvent', [{ incidentId, at: new Date(), kind: 'note', summary: 'lost' }]);
        throw new Error('the handler failed after the insert');
      }),
    ).rejects.toThrow('the handler failed');
    expect(await db.timelineEvent.count()).toBe(before);
  });
});
