import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { systemActor } = await import('@/lib/audit/actor');
const { addUserDef } = await import('@/lib/users/actions');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { realtimeBus } = await import('@/lib/realtime/bus');

const admin = { id: '', email: 'admin@tms.test', name: 'Admin', role: 'admin' as const };

function snapshot() {
  const raw = new Database(dbPath, { readonly: true });
  try {
    return {
      users: raw.prepare('SELECT id, email, role, disabled, sessionVersion FROM "User" ORDER BY id').all(),
      audit: raw.prepare('SELECT seq, hash FROM "AuditEntry" ORDER BY seq').all(),
      timeline: raw.prepare('SELECT id FROM "TimelineEvent" ORDER BY id').all(),
    };
  } finally {
    raw.close();
  }
}

beforeAll(async () => {
  const { data } = await addUser(
    systemActor('system:startup'),
    CreateUserInput.parse({ email: admin.email, role: 'admin', password: 'correct-horse-1' }),
  );
  admin.id = data.id;
});
afterAll(async () => {
  await closeDb();
});

describe('the guarded action', () => {
  it('writes the change and its audit entry together; no timeline event outside an incident', async () => {
    const r = await executeAction(addUserDef, admin, { email: 'Responder@TMS.test', role: 'responder' });
    expect(r.ok).toBe(true);
    const user = await db.user.findUnique({ where: { email: 'responder@tms.test' } });
    expect(user?.role).toBe('responder');
    const audit = await db.auditEntry.findFirst({ orderBy: { seq: 'desc' } });
    expect(audit).toMatchObject({ action: 'user.create', actorEmail: admin.email, targetId: user!.id });
    expect(await db.timelineEvent.count({ where: { auditSeq: audit!.seq } })).toBe(0);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('refuses anonymous callers and roles without the permission, changing nothing', async () => {
    const before = snapshot();
    const anon = await executeAction(addUserDef, null, { email: 'x@tms.test', role: 'admin' });
    expect(anon).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    for (const role of ['commander', 'responder', 'viewer'] as const) {
      const r = await executeAction(addUserDef, { ...admin, role }, { email: 'x@tms.test', role: 'admin' });
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden:user:manage' } });
    }
    expect(snapshot()).toEqual(before);
    const { metrics } = await import('@/lib/metrics');
    const counted = (await metrics().actions.get()).values.filter((v) => v.labels.permission === 'user:manage');
    expect(counted.find((v) => v.labels.outcome === 'unauthenticated')?.value).toBeGreaterThanOrEqual(1);
    expect(counted.find((v) => v.labels.outcome === 'forbidden')?.value).toBeGreaterThanOrEqual(3);
  });

  it('names the bad field and stores nothing for invalid input', async () => {
    const before = snapshot();
    const r = await executeAction(addUserDef, admin, { email: 'not-an-email', role: 'pilot' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid');
      expect(Object.keys(r.error.fieldErrors ?? {}).sort()).toEqual(['email', 'role']);
    }
    expect(snapshot()).toEqual(before);
  });

  it('rolls the change back when the audit write fails', async () => {
    const raw = new Database(dbPath);
    raw.exec(`CREATE TRIGGER fail_audit BEFORE INSERT ON "AuditEntry" WHEN NEW.action = 'user.create'
              BEGIN SELECT RAISE(ABORT, 'audit volume full'); END;`);
    raw.close();
    try {
      const before = snapshot();
      // SQLite's own message reaches the caller; what matters is that the
      // mutation fails and nothing of it is stored.
      await expect(executeAction(addUserDef, admin, { email: 'lost@tms.test', role: 'viewer' })).rejects.toThrow(
        'audit volume full',
      );
      expect(snapshot()).toEqual(before);
      expect(await db.user.findUnique({ where: { email: 'lost@tms.test' } })).toBeNull();
    } finally {
      const raw2 = new Database(dbPath);
      raw2.exec('DROP TRIGGER fail_audit');
      raw2.close();
    }
  });

  it('publishes to the realtime bus only after commit, with the audit seq as event id', async () => {
    const seen: number[] = [];
    const sub = realtimeBus().subscribe('test', (e) => seen.push(e.id));
    const { seq } = await commitMutation(admin, async () => ({
      data: null,
      audit: { action: 'test.ping', targetType: 'test' },
      publish: [
        { channel: 'test', type: 'ping', data: {} },
        { channel: 'test', type: 'ping', data: { second: true } },
      ],
    }));
    sub.unsubscribe();
    expect(seen).toEqual([seq * 1000, seq * 1000 + 1]);
  });

  it('keeps the chain intact under concurrent mutations', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        executeAction(addUserDef, admin, { email: `load${i}@tms.test`, role: 'viewer' }),
      ),
    );
    // Every one committed; a refusal (a transaction that waited too long) is named, not counted as a missing row.
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(await db.user.count({ where: { email: { startsWith: 'load' } } })).toBe(40);
    const check = await verifyAuditChain(db);
    expect(check.ok).toBe(true);
  });
});
