'use client';

import { useEffect, useRef } from 'react';
import { useRouter } from 'next/navigation';
import { StreamStatusBadge } from '@/components/realtime/stream-status';
import { useChannel } from '@/components/realtime/use-channel';
import { channelNames } from '@/lib/realtime/channel-names';

/**
 * Keeps the server-rendered incident list current: a new incident, or a
 * status / severity / commander change, refreshes it (coalesced, so an
 * import burst costs one refetch).
 */
export function LiveIncidentList() {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const status = useChannel(channelNames.incidentList(), () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => router.refresh(), 300);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return <StreamStatusBadge status={status} />;
}
