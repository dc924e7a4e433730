import { createHook } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { writeLockFree } from '../../support/write-lock';

/**
 * A password hash (scrypt, tens of milliseconds on libuv's pool) is made
 * before the transaction opens, so the write lock is not held while it runs:
 * a checklist tick or a runner's step intent issued meanwhile commits first.
 * Asserted on the real SQLite file — the lock free to another connection
 * while the hash runs, and the audit seq order — never on a duration.
 */
const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { systemActor } = await import('@/lib/audit/actor');
const { addUserDef, resetPasswordDef } = await import('@/lib/users/actions');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { verifyPassword } = await import('@/lib/auth/password');

const admin = { id: '', email: 'admin@hash.test', name: 'Admin', role: 'admin' as const };

beforeAll(async () => {
  const { data } = await addUser(
    systemActor('system:startup'),
    CreateUserInput.parse({ email: admin.email, role: 'admin', password: 'correct-horse-1' }),
  );
  admin.id = data.id;
});
afterAll(() => closeDb());

/**
 * Resolves as the next scrypt job is handed to libuv's pool: node creates
 * its SCRYPTREQUEST then, and async_hooks sees it. The continuation runs
 * while the hash is computed — the job's own callback cannot run before it.
 */
function nextHashStarts(): Promise<void> {
  return new Promise((resolve) => {
    const hook = createHook({
      init(_id, type) {
        if (type !== 'SCRYPTREQUEST') return;
        hook.disable();
        resolve();
      },
    });
    hook.enable();
  });
}

/** Any other mutation: what a checklist tick or a step intent is to the commit path. */
const otherWrite = () =>
  commitMutation(systemActor('system:startup'), async () => ({
    data: null,
    audit: { action: 'test.write-during-hash', targetType: 'test' },
  }));

describe('a password hash outside the write transaction', () => {
  it('adding a user: while the hash runs the lock is free, and a write issued then commits first', async () => {
    const hashing = nextHashStarts();
    const adding = executeAction(addUserDef, admin, {
      email: 'new@hash.test',
      role: 'viewer',
      password: 'brand-new-pass-1',
    });
    await hashing;
    const lockFree = writeLockFree(dbPath);
    const other = await otherWrite();
    const added = await adding;

    expect(lockFree).toBe(true);
    if (!added.ok) throw new Error(added.error.message);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: 'user.create', targetId: added.data.id } });
    expect(other.seq).toBeLessThan(entry.seq);
    const stored = await db.user.findUniqueOrThrow({ where: { id: added.data.id }, select: { passwordHash: true } });
    expect(await verifyPassword('brand-new-pass-1', stored.passwordHash)).toBe(true);
  });

  it('resetting a password: the same, and the new password (generated here) is the one stored', async () => {
    const target = await db.user.findUniqueOrThrow({ where: { email: 'new@hash.test' } });
    const hashing = nextHashStarts();
    const resetting = executeAction(resetPasswordDef, admin, { userId: target.id });
    await hashing;
    const lockFree = writeLockFree(dbPath);
    const other = await otherWrite();
    const reset = await resetting;

    expect(lockFree).toBe(true);
    if (!reset.ok) throw new Error(reset.error.message);
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { action: 'user.reset-password', targetId: target.id },
    });
    expect(other.seq).toBeLessThan(entry.seq);
    const stored = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(await verifyPassword(reset.data.generatedPassword!, stored.passwordHash)).toBe(true);
    expect(await verifyPassword('brand-new-pass-1', stored.passwordHash)).toBe(false);
    expect(stored.sessionVersion).toBe(target.sessionVersion + 1);
  });

  it('hashes nothing for a refused or invalid call', async () => {
    let hashes = 0;
    const hook = createHook({
      init(_id, type) {
        if (type === 'SCRYPTREQUEST') hashes += 1;
      },
    }).enable();
    try {
      const refused = await executeAction(
        addUserDef,
        { ...admin, role: 'commander' },
        { email: 'x@hash.test', role: 'viewer' },
      );
      const invalid = await executeAction(addUserDef, admin, { email: 'x@hash.test', role: 'pilot' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden:user:manage' } });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid' } });
    } finally {
      hook.disable();
    }
    expect(hashes).toBe(0);
  });
});
