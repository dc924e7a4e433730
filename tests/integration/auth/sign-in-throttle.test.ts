import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/**
 * The throttle against the real database: counted before the hash with a
 * conditional UPDATE, per (account, address) with a slower per-account
 * ceiling that an address the owner signed in from before is exempt from.
 */
useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { passwordSignIn } = await import('@/lib/auth/password-sign-in');
const { verifyPassword } = await import('@/lib/auth/password');
const { PAIR, ACCOUNT } = await import('@/lib/auth/sign-in-throttle');

const PASSWORD = 'commander-pass-1';
const addCommander = (email: string) =>
  addUser(systemActor('system:startup'), CreateUserInput.parse({ email, role: 'commander', password: PASSWORD }));

/** verifyPassword, counting how many attempts reach it. */
function countingVerify() {
  const counter = { calls: 0 };
  const verify: typeof verifyPassword = (p, h) => {
    counter.calls++;
    return verifyPassword(p, h);
  };
  return { counter, deps: { verify } };
}

beforeAll(async () => {
  await addCommander('ic@throttle.test');
  await addCommander('parallel@throttle.test');
  await addCommander('legacy@throttle.test');
});
afterAll(() => closeDb());

describe('sign-in throttling', () => {
  it('20 parallel wrong passwords for one account reach the hash at most 5 times', async () => {
    const { counter, deps } = countingVerify();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        passwordSignIn({ email: 'parallel@throttle.test', password: `wrong-${i}`, address: '203.0.113.9' }, deps),
      ),
    );
    expect(counter.calls).toBeLessThanOrEqual(PAIR.free);
    expect(counter.calls).toBeGreaterThan(0);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBe(20 - counter.calls);
    expect(results.every((r) => !r.ok)).toBe(true);
    // The counter lives in the database, not in this process.
    const row = await db.loginThrottle.findUniqueOrThrow({ where: { key: 'p:parallel@throttle.test|203.0.113.9' } });
    expect(row.attempts).toBe(counter.calls);
  });

  it("a stranger's failures from many addresses cannot keep the commander out", async () => {
    // The commander has signed in from her laptop before.
    expect((await passwordSignIn({ email: 'ic@throttle.test', password: PASSWORD, address: '192.0.2.10' })).ok).toBe(
      true,
    );
    // A stranger sprays wrong passwords: 6 addresses × 6 tries, well past both allowances.
    for (let a = 0; a < 6; a++) {
      for (let i = 0; i < PAIR.free + 1; i++) {
        await passwordSignIn({ email: 'ic@throttle.test', password: `guess-${a}-${i}`, address: `198.51.100.${a}` });
      }
    }
    const stranger = await passwordSignIn({
      email: 'ic@throttle.test',
      password: 'guess-again',
      address: '198.51.100.0',
    });
    expect(stranger).toMatchObject({ ok: false, reason: 'throttled' });
    // Even the right password from the stranger's address waits.
    expect(
      await passwordSignIn({ email: 'ic@throttle.test', password: PASSWORD, address: '198.51.100.1' }),
    ).toMatchObject({
      ok: false,
      reason: 'throttled',
    });
    // A fresh address meets the per-account ceiling (one try a minute), not a lockout …
    const account = await db.loginThrottle.findUniqueOrThrow({ where: { key: 'a:ic@throttle.test' } });
    expect(account.attempts).toBeGreaterThanOrEqual(ACCOUNT.free);
    expect(account.nextAt.getTime() - Date.now()).toBeLessThanOrEqual(ACCOUNT.delayMs);
    // … and the commander at her known address signs in straight away.
    const ic = await passwordSignIn({ email: 'ic@throttle.test', password: PASSWORD, address: '192.0.2.10' });
    expect(ic.ok).toBe(true);
  });

  it('replaces a bcrypt hash with scrypt at the next sign-in, and records it', async () => {
    const legacy = await bcrypt.hash(PASSWORD, 4);
    await db.user.update({ where: { email: 'legacy@throttle.test' }, data: { passwordHash: legacy } });
    const r = await passwordSignIn({ email: 'legacy@throttle.test', password: PASSWORD, address: '192.0.2.20' });
    expect(r.ok).toBe(true);
    const after = await db.user.findUniqueOrThrow({ where: { email: 'legacy@throttle.test' } });
    expect(after.passwordHash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, after.passwordHash)).toBe(true);
    expect(await verifyPassword('not-it-at-all', after.passwordHash)).toBe(false);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'auth.sign-in' }, orderBy: { seq: 'desc' } });
    expect(JSON.parse(audit.payload)).toMatchObject({ method: 'password', rehashed: 'scrypt', address: '192.0.2.20' });
    // Each successful sign-in opened its own session row.
    expect(await db.userSession.count({ where: { user: { email: 'legacy@throttle.test' } } })).toBe(1);
  });
});
