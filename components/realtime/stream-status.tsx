'use client';

import { useNow } from '@/components/ui/use-now';
import { describeStatus } from '@/lib/realtime/stream-client';
import type { ChannelStatus } from './use-channel';

/**
 * The dot and the honest words for a channel: "live", "offline — retrying
 * in 4 s", "session ended — sign in". Screen readers hear the state change
 * once (the sr-only status), not the countdown every second.
 */
export function StreamStatusBadge({ status, goneText }: { status: ChannelStatus; goneText?: string }) {
  const now = useNow() ?? 0;
  const { stream, gone } = status;
  const text = gone && goneText ? goneText : describeStatus(stream, now, gone);
  const tone =
    stream.state === 'live' && !gone
      ? 'bg-emerald-500'
      : stream.state === 'ended' || gone
        ? 'bg-rose-500'
        : 'bg-amber-500';
  const spoken = gone
    ? text
    : stream.state === 'offline'
      ? 'Live updates offline, retrying'
      : stream.state === 'live'
        ? 'Live updates connected'
        : stream.state === 'ended'
          ? 'Session ended; sign in again'
          : 'Connecting live updates';
  return (
    <span className="text-xs text-slate-500">
      <span role="status" className="sr-only">
        {spoken}
      </span>
      <span data-testid="stream-state" data-state={gone ? 'gone' : stream.state}>
        <span className={`mr-1 inline-block h-2 w-2 rounded-full ${tone}`} aria-hidden />
        {stream.state === 'ended' && !gone ? (
          <>
            session ended —{' '}
            <a href="/login" className="underline">
              sign in
            </a>
          </>
        ) : (
          text
        )}
      </span>
    </span>
  );
}
