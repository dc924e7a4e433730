import 'server-only';
import crypto from 'node:crypto';
import { db, type Tx } from '@/lib/db';
import { isRole } from './permissions';
import type { SessionUser } from './types';

/**
 * One row per signed-in browser. The JWT carries its id (`sid`) and every
 * request checks the row has not ended, so signing out ends THAT session on
 * the server — a replayed cookie gets 401 — while the same person's phone
 * stays signed in. (sessionVersion still ends all of them at once: disable,
 * role change, password reset.)
 */
export async function startUserSession(tx: Tx, userId: string, method: 'password' | 'sso'): Promise<string> {
  const id = crypto.randomBytes(18).toString('base64url');
  await tx.userSession.create({ data: { id, userId, method } });
  return id;
}

export async function endUserSession(tx: Tx, sid: string, userId: string): Promise<boolean> {
  const { count } = await tx.userSession.updateMany({
    where: { id: sid, userId, endedAt: null },
    data: { endedAt: new Date() },
  });
  return count === 1;
}

/** Also used by the event stream, which re-checks an open connection every few seconds. */
export async function checkSession(token: {
  uid: string;
  sv: number | undefined;
  sid: string;
}): Promise<{ user: SessionUser; sid: string } | null> {
  const row = await db.userSession.findUnique({
    where: { id: token.sid },
    select: {
      userId: true,
      endedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true } },
    },
  });
  const user = row?.user;
  if (!row || row.endedAt || row.userId !== token.uid || !user) return null;
  if (user.disabled || user.sessionVersion !== token.sv || !isRole(user.role)) return null;
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, sid: token.sid };
}
