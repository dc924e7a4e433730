import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { systemActor } = await import('@/lib/audit/actor');
const { addCadenceDef, stopCadenceDef } = await import('@/lib/comms/actions');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { importPlan } = await import('@/lib/rca/import-plan');
const { createIncidentFromPlan } = await import('@/lib/incidents/create-incident');
const { recordMissedCadences, startCadenceWatch } = await import('@/lib/comms/cadence-watch');
const { publishStatusUpdate } = await import('@/lib/comms/publish-update');
const { PublishUpdateInput } = await import('@/lib/comms/schemas');

const commander = { id: '', email: 'commander@watch.test', name: 'Commander', role: 'commander' as const };
let incidentId = '';
let cadenceId = '';
const start = new Date('2026-01-08T09:00:00.000Z');
const at = (minutes: number, seconds = 0) => new Date(start.getTime() + minutes * 60_000 + seconds * 1000);

const missEvents = () =>
  db.timelineEvent.findMany({
    where: { incidentId, kind: 'comms.missed' },
    orderBy: { at: 'asc' },
    select: { summary: true, actorId: true },
  });

beforeAll(async () => {
  const { data } = await addUser(
    systemActor('system:startup'),
    CreateUserInput.parse({ email: commander.email, role: 'commander' }),
  );
  commander.id = data.id;
  const file = path.join(process.cwd(), 'fixtures', 'tms-rca.md');
  const plan = importPlan(fs.readFileSync(file));
  if (!plan.ok) throw new Error(plan.error.message);
  incidentId = (
    await commitMutation(commander, (tx) =>
      createIncidentFromPlan(tx, commander, { plan: plan.plan, sourceMarkdown: '' }),
    )
  ).data.id;
  const cadence = await db.cadence.findFirstOrThrow({ where: { incidentId } });
  cadenceId = cadence.id;
  // The watcher is driven by an injected clock; the cadence starts at a known time.
  await db.cadence.update({ where: { id: cadenceId }, data: { startedAt: start } });
});
afterAll(async () => {
  await closeDb();
});

describe('the cadence watcher', () => {
  it('records exactly one miss per overdue period', async () => {
    expect(await recordMissedCadences(at(14, 59))).toEqual([]);
    expect(await recordMissedCadences(at(15, 1))).toHaveLength(1);
    // Ten more passes in the same period (every 10 s) add nothing.
    for (let s = 11; s < 120; s += 10) expect(await recordMissedCadences(at(15, s))).toEqual([]);
    expect(await recordMissedCadences(at(30, 5))).toHaveLength(1);
    expect(await recordMissedCadences(at(30, 15))).toEqual([]);
    expect(await missEvents()).toEqual([
      { summary: 'Missed status update: due 09:15 UTC, 15-minute cadence', actorId: null },
      { summary: 'Missed status update: due 09:30 UTC, 15-minute cadence', actorId: null },
    ]);
    const row = await db.cadence.findUniqueOrThrow({ where: { id: cadenceId } });
    expect(row.lastMissedAt).toEqual(at(30));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('after a gap writes one event naming how many periods went by', async () => {
    expect(await recordMissedCadences(at(75, 2))).toHaveLength(1);
    expect((await missEvents()).at(-1)?.summary).toBe(
      'Missed status update: due 10:15 UTC, 15-minute cadence (3 periods without an update)',
    );
  });

  it('an internal update leaves the public cadence alone; a public one resets it and ticks its item', async () => {
    const cadence = await db.cadence.findUniqueOrThrow({ where: { id: cadenceId } });
    expect(cadence.audience).toBe('public');
    const publish = (audience: 'internal' | 'public', body: string) =>
      commitMutation(commander, (tx) =>
        publishStatusUpdate(tx, commander, PublishUpdateInput.parse({ incidentId, body, audience, reviewed: 'yes' })),
      );

    await publish('internal', 'Team only: zombie pid found.');
    const afterInternal = await db.cadence.findUniqueOrThrow({ where: { id: cadenceId } });
    expect(afterInternal.lastSentAt).toEqual(cadence.lastSentAt);
    expect(await db.checklistItem.findUniqueOrThrow({ where: { id: cadence.linkedItemId! } })).toMatchObject({
      done: false,
    });

    const { data } = await publish('public', 'Back up.');
    const afterPublic = await db.cadence.findUniqueOrThrow({ where: { id: cadenceId } });
    expect(afterPublic.lastSentAt?.toISOString()).toBe(data.publishedAt);
    expect(await db.checklistItem.findUniqueOrThrow({ where: { id: cadence.linkedItemId! } })).toMatchObject({
      done: true,
      doneById: commander.id,
    });
  });

  it('the recurring item is done per period: the watcher unticks it when the next one starts', async () => {
    const cadence = await db.cadence.findUniqueOrThrow({ where: { id: cadenceId } });
    const publishedAt = cadence.lastSentAt!;
    const item = () => db.checklistItem.findUniqueOrThrow({ where: { id: cadence.linkedItemId! } });
    const n = (await missEvents()).length;
    expect(await recordMissedCadences(new Date(publishedAt.getTime() + 14 * 60_000))).toEqual([]);
    expect(await item()).toMatchObject({ done: true });

    expect(await recordMissedCadences(new Date(publishedAt.getTime() + 16 * 60_000))).toHaveLength(1);
    expect(await missEvents()).toHaveLength(n + 1);
    expect((await missEvents()).at(-1)?.summary).toMatch(
      /^Missed status update: due \d\d:\d\d UTC, 15-minute cadence; "Status update every 15 minutes" is due again$/,
    );
    expect(await item()).toMatchObject({ done: false, doneById: null, doneAt: null });
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { action: 'comms.cadence-missed' },
      orderBy: { seq: 'desc' },
    });
    expect(JSON.parse(audit.payload)).toMatchObject({ reopenedItemId: cadence.linkedItemId });
    // The next period's miss finds the item already open and leaves it alone.
    const version = (await item()).version;
    expect(await recordMissedCadences(new Date(publishedAt.getTime() + 31 * 60_000))).toHaveLength(1);
    expect((await item()).version).toBe(version);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('ignores stopped cadences and resolved incidents', async () => {
    const added = await executeAction(addCadenceDef, commander, { incidentId, text: 'Exec summary every 30 minutes' });
    expect(added).toMatchObject({ ok: true, data: { everyMinutes: 30 } });
    const zero = await executeAction(addCadenceDef, commander, { incidentId, text: 'Status update every 0 minutes' });
    expect(zero).toMatchObject({
      ok: false,
      error: {
        code: 'invalid:cadence',
        message:
          '"every 0 minutes" never comes round: a cadence needs an interval of at least 1 minute, e.g. "every 15 minutes".',
      },
    });
    const bad = await executeAction(addCadenceDef, commander, { incidentId, text: 'whenever we feel like it' });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'invalid:cadence',
        message:
          '"whenever we feel like it" has no interval warroom can read: write it like "every 30 minutes", "every 2 hours" or "hourly".',
      },
    });
    for (const [text, says] of [
      ['every -5 minutes', '"every -5 minutes" is a negative interval'],
      ['every 2 days', '"every 2 days" is longer than a day'],
    ] as const) {
      const r = await executeAction(addCadenceDef, commander, { incidentId, text });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid:cadence' } });
      expect((r as { error: { message: string } }).error.message).toContain(says);
    }
    const count = await db.cadence.count({ where: { incidentId } });
    const internal = await executeAction(addCadenceDef, commander, {
      incidentId,
      text: 'Team sync every 20 minutes',
      audience: 'internal',
    });
    expect(internal.ok).toBe(true);
    const internalId = (internal as { data: { id: string } }).data.id;
    expect(await db.cadence.findUniqueOrThrow({ where: { id: internalId } })).toMatchObject({ audience: 'internal' });
    expect(await db.cadence.count({ where: { incidentId } })).toBe(count + 1);
    expect((await executeAction(stopCadenceDef, commander, { cadenceId: internalId })).ok).toBe(true);
    const newId = (added as { data: { id: string } }).data.id;
    const stopped = await executeAction(stopCadenceDef, commander, { cadenceId: newId });
    expect(stopped.ok).toBe(true);
    const far = new Date(Date.now() + 24 * 3600_000);
    const recorded = await recordMissedCadences(far);
    expect(recorded.map((r) => r.cadenceId)).toEqual([cadenceId]);

    await db.incident.update({ where: { id: incidentId }, data: { status: 'resolved' } });
    expect(await recordMissedCadences(new Date(far.getTime() + 3600_000))).toEqual([]);
  });

  it('starts once per process and stops on the shutdown hooks', async () => {
    const g = globalThis as unknown as { __warroomShutdownHooks?: Set<() => void>; __warroomCadenceWatch?: unknown };
    const stop = startCadenceWatch({ intervalMs: 60_000 });
    expect(startCadenceWatch()).toBe(stop);
    expect(g.__warroomShutdownHooks?.has(stop)).toBe(true);
    await Promise.all([...(g.__warroomShutdownHooks ?? [])].map((hook) => hook()));
    expect(g.__warroomCadenceWatch).toBeUndefined();
    expect(g.__warroomShutdownHooks?.has(stop)).toBe(false);
  });
});
