import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { logger } from '@/lib/logger';
import { systemActor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { checkEmail } from './email';
import { startUserSession } from './user-sessions';

export type SsoClaims = { issuer: string; subject: string; email: unknown; name?: unknown };

export type SsoRefusal = 'sso-no-email' | 'sso-disabled' | 'sso-link-required';
export type SsoOutcome =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number }; sid: string }
  | { ok: false; reason: SsoRefusal; detail?: string };

const USER = { id: true, email: true, name: true, disabled: true, sessionVersion: true } as const;

/**
 * An OpenID Connect sign-in, after Auth.js has checked the provider's
 * answer (state, PKCE, nonce, ID token signature).
 *
 * - (issuer, subject) already known: that user, unless disabled.
 * - a new email: a new user with the default role (viewer unless
 *   WARROOM_OIDC_DEFAULT_ROLE says otherwise), audited as `system:sso`.
 * - an email that belongs to an existing account: NOT linked — whoever
 *   controls an IdP account with that address would take the account over.
 *   Linked only when an admin allowed it first (`user.sso-link-allow`); the
 *   link itself is audited too.
 *
 * Any syntactically valid address is accepted and lower-cased (the TMS
 * outage was a validator refusing test@gmail.test).
 */
export async function ssoSignIn(claims: SsoClaims): Promise<SsoOutcome> {
  const checked = checkEmail(typeof claims.email === 'string' ? claims.email : '');
  if (!checked.ok) return { ok: false, reason: 'sso-no-email', detail: checked.reason };
  const email = checked.email;
  const { issuer, subject } = claims;

  const linked = await db.user.findUnique({
    where: { ssoIssuer_ssoSubject: { ssoIssuer: issuer, ssoSubject: subject } },
    select: USER,
  });
  if (linked) {
    if (linked.disabled) return refuse('sso-disabled', email);
    return signInExisting(linked, 'auth.sign-in', { method: 'sso', issuer });
  }

  const byEmail = await db.user.findUnique({
    where: { email },
    select: { ...USER, ssoSubject: true, ssoLinkAllowed: true },
  });
  if (!byEmail) return provision(email, claims);
  if (byEmail.disabled) return refuse('sso-disabled', email);
  if (!byEmail.ssoLinkAllowed || byEmail.ssoSubject) {
    // On record, so the admin who is asked sees the attempt and where it came from.
    await commitMutation(systemActor('system:sso'), async () => ({
      data: null,
      audit: {
        action: 'auth.sso-link-refused',
        targetType: 'user',
        targetId: byEmail.id,
        payload: {
          email,
          issuer,
          reason: byEmail.ssoSubject ? 'another SSO identity is linked' : 'not allowed by an admin',
        },
      },
    }));
    return refuse('sso-link-required', email);
  }
  return signInExisting(byEmail, 'user.sso-link', { method: 'sso', issuer, subject }, { issuer, subject });
}

function refuse(reason: SsoRefusal, email: string): SsoOutcome {
  logger().info({ email, reason }, 'sso sign-in refused');
  return { ok: false, reason };
}

async function signInExisting(
  user: { id: string; email: string; name: string; sessionVersion: number },
  action: 'auth.sign-in' | 'user.sso-link',
  payload: Record<string, unknown>,
  link?: { issuer: string; subject: string },
): Promise<SsoOutcome> {
  const { data: sid } = await commitMutation({ id: user.id, email: user.email }, async (tx) => {
    if (link) {
      // Conditional: the admin's permission is used once, and only if no other identity got there first.
      const { count } = await tx.user.updateMany({
        where: { id: user.id, ssoLinkAllowed: true, ssoSubject: null },
        data: { ssoIssuer: link.issuer, ssoSubject: link.subject, ssoLinkAllowed: false },
      });
      if (count !== 1) throw new Error('sso link permission was used concurrently');
    }
    return {
      data: await startUserSession(tx, user.id, 'sso'),
      audit: { action, targetType: 'user', targetId: user.id, payload },
    };
  });
  return { ok: true, user, sid };
}

async function provision(email: string, claims: SsoClaims): Promise<SsoOutcome> {
  const role = getEnv().oidc?.defaultRole ?? 'viewer';
  const name =
    typeof claims.name === 'string' && claims.name.trim()
      ? claims.name.trim().slice(0, 120)
      : (email.split('@')[0] ?? email);
  try {
    const { data } = await commitMutation(systemActor('system:sso'), async (tx) => {
      const user = await tx.user.create({
        data: { email, name, role, ssoIssuer: claims.issuer, ssoSubject: claims.subject },
        select: USER,
      });
      const sid = await startUserSession(tx, user.id, 'sso');
      return {
        data: { user, sid },
        audit: {
          action: 'user.sso-provision',
          targetType: 'user',
          targetId: user.id,
          payload: { email, role, issuer: claims.issuer },
        },
      };
    });
    return { ok: true, ...data };
  } catch (err) {
    // Two first sign-ins at once (two tabs): the other one created the user; sign in as it.
    if ((err as { code?: string }).code === 'P2002') return ssoSignIn(claims);
    throw err;
  }
}
