import 'server-only';
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
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

/** Pages: a forbidden area looks exactly like a missing one. */
export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) notFound();
  return user;
}
