import { afterAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/** warroom's own check of the audit log: what the admins' red banner shows. */
useTempDatabase();
const { db, rawConnection, closeDb } = await import('@/lib/db');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { verifyChainNow, auditChainState } = await import('@/lib/audit/watch-chain');
afterAll(() => closeDb());

describe('the audit chain check', () => {
  it('refuses UPDATE and DELETE by trigger, and names the first bad seq once someone drops the triggers', async () => {
    for (const email of ['a@chain.test', 'b@chain.test', 'c@chain.test']) {
      await addUser(
        systemActor('system:startup'),
        CreateUserInput.parse({ email, role: 'viewer', password: 'chain-pass-123' }),
      );
    }
    expect(await verifyChainNow()).toBe(true);
    expect(auditChainState()).toMatchObject({ ok: true });
    const raw = await rawConnection();
    expect(() => raw.prepare(`UPDATE "AuditEntry" SET payload = '{}' WHERE seq = 2`).run()).toThrow(
      /append-only: UPDATE refused/,
    );
    expect(() => raw.prepare('DELETE FROM "AuditEntry" WHERE seq = 3').run()).toThrow(/append-only: DELETE refused/);
    raw.exec('DROP TRIGGER "AuditEntry_no_update"');
    raw.prepare(`UPDATE "AuditEntry" SET payload = '{"role":"admin"}' WHERE seq = 2`).run();
    expect(await verifyChainNow()).toBe(false);
    expect(auditChainState()).toMatchObject({ ok: false, badSeq: 2 });
    expect(await db.auditEntry.count()).toBe(3);
  });
});
