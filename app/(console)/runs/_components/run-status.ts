import type { BadgeTone } from '@/components/ui/badge';

/** One colour per run, host and step status, on the list and the run page alike. */
export function statusTone(status: string): BadgeTone {
  if (status === 'succeeded' || status === 'confirmed') return 'green';
  if (['failed', 'timed_out', 'unreachable', 'interrupted', 'disconnected', 'host_key_changed'].includes(status))
    return 'red';
  if (status === 'running' || status === 'waiting' || status === 'requested') return 'blue';
  if (status === 'cancelled') return 'amber';
  return 'gray';
}
