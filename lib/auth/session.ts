import 'server-only';
import { cache } from 'react';
import { forbidden, notFound, redirect } from 'next/navigation';
import { db } from '@/lib/db';
import { auth } from './config';
import { can, isRole, type Permission } from './permissions';
import type { SessionUser } from './types';

/**
 * The signed-in user, re-read from the database once per request: a JWT
 * alone would outlive a disabled account or a changed role. sessionVersion
 * is bumped on disable / role / password change, which revokes old tokens.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  let session;
  try {
    session = await auth();
  } catch {
    return null;
  }
  if (!session?.uid) return null;
  const user = await db.user.findUnique({
    where: { id: session.uid },
    select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true },
  });
  if (!user || user.disabled || user.sessionVersion !== session.sv || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
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
