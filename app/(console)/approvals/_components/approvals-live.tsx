'use client';

import { useRouter } from 'next/navigation';
import { useChannel } from '@/components/realtime/use-channel';
import { StreamStatusBadge } from '@/components/realtime/stream-status';
import { channelNames } from '@/lib/realtime/channel-names';

/** Re-reads the page when a request is asked for or decided anywhere. */
export function ApprovalsLive() {
  const router = useRouter();
  const status = useChannel(channelNames.approvals(), (e) => {
    if (e.type === 'approval.changed' || e.type === 'resync') router.refresh();
  });
  return <StreamStatusBadge status={status} goneText="approvals unavailable" />;
}
