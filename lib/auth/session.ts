import 'server-only';
import { cache } from 'react';
import { forbidden, notFound, redirect } from 'next/navigation';
import { auth } from './config';
import { can, type Permission } from './permissions';
import { checkSession } from './user-sessions';
import type { SessionUser } from './types';

/**
 * The signed-in user, re-read from the database once per request: a JWT
 * alone would outlive a disabled account or a changed role. sessionVersion
 * is bumped on disable / role / password change, which revokes old tokens;
 * the session id (`sid`) must name a session that has not been signed out.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const current = await getCurrentSession();
  return current?.user ?? null;
});

/** The user and this browser's session id (sign-out ends exactly this one). */
export const getCurrentSession = cache(async (): Promise<{ user: SessionUser; sid: string; sv?: number } | null> => {
  let session;
  try {
    session = await auth();
  } catch {
    return null;
  }
  if (!session?.uid || !session.sid) return null;
  const checked = await checkSession({ uid: session.uid, sv: session.sv, sid: session.sid });
  return checked && { ...checked, sv: session.sv };
});

/** Pages: anonymous → /login. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}

/**
 * Pages of an AREA (Hosts, Audit, Admin, Import): refused with 403 and a
 * page that says why — "your role (viewer) cannot open Hosts"
 * (app/forbidden.tsx). The area is no secret; its contents are.
 */
export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) forbidden();
  return user;
}

/**
 * A RESOURCE by id (an incident, a run): a forbidden one looks exactly like
 * a missing one, so its existence stays hidden.
 */
export async function requireResourcePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) notFound();
  return user;
}
