import { realtimeBus, type RealtimeBus } from '@/lib/realtime/bus';

/**
 * A run's live events on the realtime bus. Two channels: `run:N` carries
 * status changes only (anyone who may see the run), `run:N:full` carries
 * status and output (people with host:view). A page opens one of them.
 * Only this module knows how they travel, so moving them onto the page's
 * one multiplexed stream is a change here, not in the runner.
 */

export function runChannel(runId: number, withOutput = false): string {
  return withOutput ? `run:${runId}:full` : `run:${runId}`;
}

export type RunOutputEvent = { stepResultId: string; hostId: string; offset: number; text: string };
export type RunStatusEvent = { what: string; hostId?: string };

// Ids only need to grow within a channel; a run's events all come from the one runner that holds its lease.
let lastId = Date.now() * 1000;

export function publishRunEvent(
  runId: number,
  type: 'output' | 'status',
  data: RunOutputEvent | RunStatusEvent,
  bus: RealtimeBus = realtimeBus(),
): void {
  const at = new Date().toISOString();
  const id = ++lastId;
  bus.publish({ id, channel: runChannel(runId, true), type, data, at });
  if (type === 'status') bus.publish({ id, channel: runChannel(runId), type, data, at });
}
