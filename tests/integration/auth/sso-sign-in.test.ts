import { afterAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/** The SSO decisions against the real database (the browser flow is e2e/security/sso.spec.ts). */
useTempDatabase();
Object.assign(process.env, {
  WARROOM_OIDC_ISSUER: 'http://127.0.0.1:9/',
  WARROOM_OIDC_CLIENT_ID: 'warroom',
  WARROOM_OIDC_CLIENT_SECRET: 'secret',
});
const { resetEnvForTests } = await import('@/lib/env');
resetEnvForTests();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput, allowSsoLink } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { ssoSignIn } = await import('@/lib/auth/sso-sign-in');
const { checkSession } = await import('@/lib/auth/user-sessions');

const ISSUER = 'http://127.0.0.1:9/';
const startup = systemActor('system:startup');
afterAll(() => closeDb());

describe('SSO sign-in', () => {
  it('provisions any syntactically valid address, lower-cased, as a viewer, with a live session', async () => {
    for (const email of ['test@gmail.test', 'Ops.Lead@Corp.Internal', 'x@localhost.localdomain']) {
      const r = await ssoSignIn({ issuer: ISSUER, subject: `sub-${email}`, email });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (!r.ok) continue;
      const user = await db.user.findUniqueOrThrow({ where: { id: r.user.id } });
      expect(user).toMatchObject({ email: email.toLowerCase(), role: 'viewer', passwordHash: null });
      expect(await checkSession({ uid: user.id, sv: user.sessionVersion, sid: r.sid })).not.toBeNull();
    }
    // The same subject again is the same user, not a second one.
    const again = await ssoSignIn({ issuer: ISSUER, subject: 'sub-test@gmail.test', email: 'TEST@gmail.test' });
    expect(again.ok && again.user.email).toBe('test@gmail.test');
    expect(await db.user.count({ where: { email: 'test@gmail.test' } })).toBe(1);
  });

  it('refuses a missing or invalid email claim, naming the problem', async () => {
    expect(await ssoSignIn({ issuer: ISSUER, subject: 's1', email: undefined })).toMatchObject({
      ok: false,
      reason: 'sso-no-email',
    });
    expect(await ssoSignIn({ issuer: ISSUER, subject: 's2', email: 'no-at-sign' })).toMatchObject({
      ok: false,
      reason: 'sso-no-email',
      detail: 'An email address needs a name, an @ and a domain.',
    });
  });

  it('refuses a disabled user, linked or not', async () => {
    const r = await ssoSignIn({ issuer: ISSUER, subject: 'sub-gone', email: 'gone@corp.internal' });
    expect(r.ok).toBe(true);
    await db.user.update({ where: { email: 'gone@corp.internal' }, data: { disabled: true } });
    expect(await ssoSignIn({ issuer: ISSUER, subject: 'sub-gone', email: 'gone@corp.internal' })).toMatchObject({
      ok: false,
      reason: 'sso-disabled',
    });
  });

  it('never links an existing password account by email; an admin allows it, once, and both are audited', async () => {
    const { data: ic } = await addUser(
      startup,
      CreateUserInput.parse({ email: 'ic@corp.internal', role: 'commander', password: 'ic-password-1' }),
    );
    const attacker = await ssoSignIn({ issuer: ISSUER, subject: 'someone-else', email: 'IC@corp.internal' });
    expect(attacker).toMatchObject({ ok: false, reason: 'sso-link-required' });
    expect((await db.user.findUniqueOrThrow({ where: { id: ic.id } })).ssoSubject).toBeNull();

    await commitMutation({ id: ic.id, email: 'admin@corp.internal' } as never, (tx) =>
      allowSsoLink(tx, { userId: ic.id }),
    );
    const linked = await ssoSignIn({ issuer: ISSUER, subject: 'ic-at-idp', email: 'ic@corp.internal' });
    expect(linked.ok).toBe(true);
    const after = await db.user.findUniqueOrThrow({ where: { id: ic.id } });
    expect(after).toMatchObject({
      ssoIssuer: ISSUER,
      ssoSubject: 'ic-at-idp',
      ssoLinkAllowed: false,
      role: 'commander',
    });
    // A second identity with the same email is refused again: the permission was used.
    expect(await ssoSignIn({ issuer: ISSUER, subject: 'another', email: 'ic@corp.internal' })).toMatchObject({
      ok: false,
      reason: 'sso-link-required',
    });
    const actions = (
      await db.auditEntry.findMany({ where: { targetId: ic.id }, orderBy: { seq: 'asc' }, select: { action: true } })
    ).map((a) => a.action);
    expect(actions).toEqual([
      'user.create',
      'auth.sso-link-refused',
      'user.sso-link-allow',
      'user.sso-link',
      'auth.sso-link-refused',
    ]);
  });
});
