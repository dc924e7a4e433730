import 'server-only';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { getCurrentSession } from './session';
import { endUserSession } from './user-sessions';

/**
 * Ends this browser's session on the server before the cookie is cleared:
 * a copy of the old cookie replayed afterwards gets 401, while the same
 * person's other sessions (their phone, mid-incident) stay signed in.
 */
export async function endCurrentSession(): Promise<void> {
  const current = await getCurrentSession();
  if (!current) return;
  await commitMutation({ id: current.user.id, email: current.user.email }, async (tx) => {
    await endUserSession(tx, current.sid, current.user.id);
    return {
      data: null,
      audit: { action: 'auth.sign-out', targetType: 'user', targetId: current.user.id, payload: {} },
    };
  });
}
