import { afterAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { systemActor } = await import('@/lib/audit/actor');
const { resetPasswordDef: def } = await import('@/lib/users/actions');
const { verifyPassword } = await import('@/lib/auth/password');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');

afterAll(() => closeDb());

describe('resetting a password', () => {
  it('replaces the hash, ends old sessions, and never records the password', async () => {
    const { data: admin } = await addUser(
      systemActor('system:startup'),
      CreateUserInput.parse({ email: 'admin@tms.test', role: 'admin', password: 'admin-pass-123' }),
    );
    const { data: target } = await addUser(
      systemActor('system:startup'),
      CreateUserInput.parse({ email: 'oncall@tms.test', role: 'responder', password: 'old-password-1' }),
    );
    const actor = { id: admin.id, email: admin.email, name: 'Admin', role: 'admin' as const };
    const before = await db.user.findUniqueOrThrow({ where: { id: target.id } });

    const r = await executeAction(def, actor, { userId: target.id });
    expect(r.ok).toBe(true);
    const generated = r.ok ? r.data.generatedPassword : undefined;
    expect(generated).toMatch(/^[A-Za-z0-9]{20}$/);
    const after = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await verifyPassword('old-password-1', after.passwordHash)).toBe(false);
    expect(await verifyPassword(generated!, after.passwordHash)).toBe(true);

    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'user.reset-password' } });
    expect(audit.payload).not.toContain(generated!);
    // Not an incident's mutation: no timeline event to leak it either.
    expect(await db.timelineEvent.count({ where: { auditSeq: audit.seq } })).toBe(0);

    const refused = await executeAction(
      def,
      { ...actor, role: 'commander' },
      { userId: target.id, password: 'sneaky-password-1' },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden:user:manage' } });
    const tooShort = await executeAction(def, actor, { userId: target.id, password: 'short' });
    expect(tooShort).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).passwordHash).toBe(after.passwordHash);
  });
});
