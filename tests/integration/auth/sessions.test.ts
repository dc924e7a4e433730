import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/**
 * Sessions against the real database: sign-out ends that browser's session
 * only, and an open event stream closes once its session no longer holds.
 */
useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput, setUserRole } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { passwordSignIn } = await import('@/lib/auth/password-sign-in');
const { checkSession, endUserSession } = await import('@/lib/auth/user-sessions');
const { streamResponse } = await import('@/lib/realtime/stream');
const { realtimeBus } = await import('@/lib/realtime/bus');

const PASSWORD = 'session-pass-123';
let userId = '';
let adminUser = { id: '', email: '', name: '', role: 'admin' as const };
beforeAll(async () => {
  const { data } = await addUser(
    systemActor('system:startup'),
    CreateUserInput.parse({ email: 'ic@sessions.test', role: 'commander', password: PASSWORD }),
  );
  userId = data.id;
  const { data: admin } = await addUser(
    systemActor('system:startup'),
    CreateUserInput.parse({ email: 'admin@sessions.test', role: 'admin', password: PASSWORD }),
  );
  adminUser = { id: admin.id, email: admin.email, name: 'Admin', role: 'admin' as const };
});
afterAll(() => closeDb());

async function signInFrom(address: string) {
  const r = await passwordSignIn({ email: 'ic@sessions.test', password: PASSWORD, address });
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
  return { uid: r.user.id, sv: r.user.sessionVersion, sid: r.sid };
}

/** Reads a stream to its end and returns the event names it carried. */
async function eventsUntilClosed(res: Response): Promise<string[]> {
  const text = await new Response(res.body).text();
  return [...text.matchAll(/^event: (.+)$/gm)].map(([, name = '']) => name);
}

describe('sessions', () => {
  it('signing out ends that session only: the old cookie is refused, the phone stays signed in', async () => {
    const laptop = await signInFrom('192.0.2.1');
    const phone = await signInFrom('192.0.2.2');
    expect(await checkSession(laptop)).not.toBeNull();
    await commitMutation({ id: userId, email: 'ic@sessions.test' }, async (tx) => ({
      data: await endUserSession(tx, laptop.sid, userId),
      audit: { action: 'auth.sign-out', targetType: 'user', targetId: userId },
    }));
    expect(await checkSession(laptop)).toBeNull();
    expect((await checkSession(phone))?.user.email).toBe('ic@sessions.test');
    // A session id cannot be borrowed by another account.
    expect(await checkSession({ ...phone, uid: 'someone-else' })).toBeNull();
  });

  it("a demoted user's open stream closes by itself (and a disabled one's)", async () => {
    for (const change of ['demote', 'disable'] as const) {
      const token = await signInFrom('192.0.2.3');
      const bus = `incident:session-${change}`;
      const abort = new AbortController();
      const res = streamResponse([{ name: bus, busChannel: bus }], new Request('http://x/', { signal: abort.signal }), {
        recheck: async () => (await checkSession(token)) !== null,
        recheckMs: 25,
      });
      expect(realtimeBus().listenerCount(bus)).toBe(1);
      const events = eventsUntilClosed(res);
      if (change === 'demote') {
        await commitMutation(systemActor('system:startup'), (tx) =>
          setUserRole(tx, adminUser, { userId, role: 'viewer' }),
        );
      } else {
        await db.user.update({ where: { id: userId }, data: { disabled: true } });
      }
      expect(await events).toEqual(['open', 'signed-out']);
      expect(realtimeBus().listenerCount(bus)).toBe(0);
      await db.user.update({ where: { id: userId }, data: { disabled: false, role: 'commander' } });
    }
  });
});
