import { afterAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { executeAction, commitMutation } = await import('@/lib/auth/execute-action');
const { verifyPassword } = await import('@/lib/auth/password');
const { CreateUserInput, ResetPasswordInput, createUser, resetUserPassword } = await import('@/lib/users/users');

afterAll(() => closeDb());

const def = {
  permission: 'user:manage' as const,
  input: ResetPasswordInput,
  handler: ({ user, input, tx }: never) => resetUserPassword(tx, user, input),
};

describe('resetting a password', () => {
  it('replaces the hash, ends old sessions, and never records the password', async () => {
    const { data: admin } = await commitMutation(null, (tx) =>
      createUser(tx, CreateUserInput.parse({ email: 'admin@tms.test', role: 'admin', password: 'admin-pass-123' })),
    );
    const { data: target } = await commitMutation(null, (tx) =>
      createUser(
        tx,
        CreateUserInput.parse({ email: 'oncall@tms.test', role: 'responder', password: 'old-password-1' }),
      ),
    );
    const actor = { id: admin.id, email: admin.email, name: 'Admin', role: 'admin' as const };
    const before = await db.user.findUniqueOrThrow({ where: { id: target.id } });

    const r = await executeAction(def as never, actor, { userId: target.id });
    expect(r.ok).toBe(true);
    const generated = r.ok ? (r.data as { generatedPassword?: string }).generatedPassword : undefined;
    expect(generated).toMatch(/^[A-Za-z0-9]{20}$/);
    const after = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await verifyPassword('old-password-1', after.passwordHash)).toBe(false);
    expect(await verifyPassword(generated!, after.passwordHash)).toBe(true);

    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'user.reset-password' } });
    const timeline = await db.timelineEvent.findFirstOrThrow({ where: { auditSeq: audit.seq } });
    for (const text of [audit.payload, timeline.summary, timeline.data]) expect(text).not.toContain(generated!);

    const refused = await executeAction(
      def as never,
      { ...actor, role: 'commander' },
      { userId: target.id, password: 'sneaky-password-1' },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden:user:manage' } });
    const tooShort = await executeAction(def as never, actor, { userId: target.id, password: 'short' });
    expect(tooShort).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).passwordHash).toBe(after.passwordHash);
  });
});
