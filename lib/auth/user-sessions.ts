import 'server-only';
import crypto from 'node:crypto';
import type { Tx } from '@/lib/db';

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
