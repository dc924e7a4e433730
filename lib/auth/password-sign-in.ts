import 'server-only';
import { db } from '@/lib/db';
import { logger } from '@/lib/logger';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { recordSignInSuccess, takeSignInAttempt } from './sign-in-throttle';
import { startUserSession } from './user-sessions';

export type PasswordSignIn =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number }; sid: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Injected by tests to count how many attempts reach the hash. */
export type PasswordDeps = { verify: typeof verifyPassword };

/**
 * Email + password, in this order: take an attempt from the throttle (a
 * conditional UPDATE, before anything else), then the hash (scrypt, off the
 * event loop), then the sign-in — audited, with its session row, and a
 * bcrypt hash replaced by scrypt now that the password is known.
 */
export async function passwordSignIn(
  input: { email: string; password: string; address: string },
  deps: PasswordDeps = { verify: verifyPassword },
): Promise<PasswordSignIn> {
  const { email, password, address } = input;
  const limit = await takeSignInAttempt(email, address);
  if (!limit.ok) {
    logger().warn({ email, address, scope: limit.scope }, 'sign-in throttled');
    return { ok: false, reason: 'throttled', retryAfterSeconds: limit.retryAfterSeconds };
  }
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, disabled: true, sessionVersion: true },
  });
  const passwordOk = await deps.verify(password, user?.passwordHash);
  if (!user || !passwordOk || user.disabled) {
    logger().info(
      { email, address, reason: !user ? 'unknown' : user.disabled ? 'disabled' : 'password' },
      'sign-in refused',
    );
    return { ok: false, reason: 'invalid' };
  }
  await recordSignInSuccess(email, address);
  const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
  // Through the same commit path as every other mutation (no incident, so no timeline event).
  const { data: sid } = await commitMutation({ id: user.id, email: user.email }, async (tx) => {
    if (rehash) {
      await tx.user.updateMany({
        where: { id: user.id, passwordHash: user.passwordHash },
        data: { passwordHash: rehash },
      });
    }
    return {
      data: await startUserSession(tx, user.id, 'password'),
      audit: {
        action: 'auth.sign-in',
        targetType: 'user',
        targetId: user.id,
        payload: { address, method: 'password', ...(rehash ? { rehashed: 'scrypt' } : {}) },
      },
    };
  });
  const { passwordHash: _hash, disabled: _disabled, ...who } = user;
  return { ok: true, user: who, sid };
}
