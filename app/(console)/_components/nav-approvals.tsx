'use client';

import { useRouter } from 'next/navigation';
import { useState, useSyncExternalStore } from 'react';
import { useChannel } from '@/components/realtime/use-channel';
import { channelNames } from '@/lib/realtime/channel-names';
import { NavLink } from './nav-link';

/**
 * The nav's Approvals link with the number of requests waiting, for people
 * who may decide them. A new request refreshes the count and, where the
 * browser allows notifications (HTTPS or localhost, permission given),
 * shows one.
 */
export function NavApprovals({ pending }: { pending: number }) {
  const router = useRouter();
  // The server has no Notification: false there, the browser's answer after hydration (no mismatch).
  const [asked, setAsked] = useState(false);
  const askable = useSyncExternalStore(noSubscription, notificationsAskable, () => false);
  const canAsk = askable && !asked;
  useChannel(channelNames.approvals(), (e) => {
    if (e.type === 'resync') return router.refresh();
    if (e.type !== 'approval.changed') return;
    router.refresh();
    const { id, status } = e.data as { id: string; status: string };
    if (status === 'pending' && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      const n = new Notification('warroom: approval requested', {
        body: 'A destructive run waits for your review.',
        tag: id,
      });
      n.onclick = () => router.push(`/approvals/${id}`);
    }
  });
  return (
    <span className="flex items-center">
      <NavLink href="/approvals">
        Approvals
        {pending > 0 && (
          <span
            data-testid="nav-approvals-pending"
            aria-label={`${pending} waiting`}
            className="ml-1 rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-white"
          >
            {pending}
          </span>
        )}
      </NavLink>
      {canAsk && (
        <button
          type="button"
          title="Notify me of new approval requests"
          className="rounded px-1 text-xs text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-900"
          onClick={() => void Notification.requestPermission().then(() => setAsked(true))}
        >
          notify
        </button>
      )}
    </span>
  );
}

const noSubscription = () => () => {};

function notificationsAskable(): boolean {
  return window.isSecureContext && typeof Notification !== 'undefined' && Notification.permission === 'default';
}
