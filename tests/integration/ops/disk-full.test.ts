import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defined } from '../../support/defined';
import { useTempDatabase } from '../../support/temp-env';

/**
 * A full disk, deterministically: PRAGMA max_page_count caps the file, and
 * SQLite then answers SQLITE_FULL exactly as it does when the volume is
 * full. Every refused write must say so, health must say so, and warroom
 * must recover by itself once there is room again.
 */
useTempDatabase();
const { db, rawConnection, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { seedDemoIncident } = await import('@/lib/incidents/seed-demo');
const { tickItemDef } = await import('@/lib/checklists/actions');
const { checkHealth, storageFaultNow } = await import('@/lib/health');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { metrics } = await import('@/lib/metrics');
const { STORAGE_FAULT_MESSAGES } = await import('@/lib/db/storage-fault');

const user = { id: '', email: 'ic@disk.test', name: 'IC', role: 'commander' as const };
let items: { id: string; version: number; done: boolean }[] = [];

async function tick(i: number) {
  const item = defined(items[i % items.length], `checklist item ${i % items.length}`);
  const r = await executeAction(tickItemDef, user, { itemId: item.id, done: !item.done, version: item.version });
  if (r.ok) {
    item.done = !item.done;
    item.version += 1;
  }
  return r;
}

async function faultGauge(): Promise<string> {
  return (await metrics().registry.getSingleMetricAsString('warroom_database_write_fault')) ?? '';
}

beforeAll(async () => {
  const { data } = await addUser(
    systemActor('system:startup'),
    CreateUserInput.parse({ email: user.email, role: 'commander', password: 'disk-full-pass-1' }),
  );
  user.id = data.id;
  await seedDemoIncident(() => {});
  items = (await db.checklistItem.findMany({ select: { id: true, version: true, done: true }, take: 40 })).map((r) => ({
    ...r,
  }));
  expect(items.length).toBeGreaterThan(5);
});
afterAll(async () => {
  await closeDb();
});

describe('when the disk holding the database fills up', () => {
  it('refuses ticks with the reason, answers 503 on health, shows admins a banner, loses nothing, and recovers by itself', async () => {
    expect(await checkHealth()).toMatchObject({ status: 'ok', db: 'ok' });
    const raw = await rawConnection();
    const pages = Number(raw.pragma('page_count', { simple: true }));
    raw.pragma(`max_page_count = ${pages + 3}`);

    let refused: Awaited<ReturnType<typeof tick>> | undefined;
    let applied = 0;
    for (let i = 0; i < 2000 && !refused; i++) {
      const r = await tick(i);
      if (r.ok) applied++;
      else refused = r;
    }
    expect(refused, 'the capped database never filled').toBeDefined();
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'unavailable:disk-full', message: STORAGE_FAULT_MESSAGES.disk_full },
    });
    expect(STORAGE_FAULT_MESSAGES.disk_full).toBe(
      'warroom cannot save right now: the disk holding its database is full',
    );

    const health = await checkHealth();
    expect(health).toMatchObject({ status: 'error', cause: 'disk_full' });
    expect(health.db).toContain('the disk holding its database is full');
    expect(storageFaultNow()?.message).toBe(STORAGE_FAULT_MESSAGES.disk_full);
    expect(await faultGauge()).toContain('warroom_database_write_fault{cause="disk_full"} 1');

    // Nothing lost: every applied tick is in the database, and the audit chain is whole.
    for (const item of items) {
      const row = await db.checklistItem.findUnique({ where: { id: item.id }, select: { done: true, version: true } });
      expect(row).toEqual({ done: item.done, version: item.version });
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    expect(applied).toBeGreaterThan(0);

    // Space returns; the background probe notices without anyone asking.
    raw.pragma('max_page_count = 1073741823');
    const until = Date.now() + 20_000;
    while (storageFaultNow() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(storageFaultNow()).toBeNull();
    expect(await faultGauge()).toContain('warroom_database_write_fault{cause="disk_full"} 0');
    expect(await checkHealth()).toMatchObject({ status: 'ok', db: 'ok' });
    expect(await tick(0)).toMatchObject({ ok: true });
  });
});
