'use client';

import { useRouter } from 'next/navigation';
import { useChannel } from '@/components/realtime/use-channel';
import { channelNames } from '@/lib/realtime/channel-names';

/** A request asked for or decided on this incident re-reads the page (the list is server-rendered). */
export function IncidentApprovalsLive({ slug }: { slug: string }) {
  const router = useRouter();
  useChannel(channelNames.incident(slug), (e) => {
    if (e.type === 'approval.changed') router.refresh();
  });
  return null;
}
