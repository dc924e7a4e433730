import { realtimeBus, type RealtimeBus } from '@/lib/realtime/bus';

/**
 * A run's live events (output chunks, status changes) on its own channel of
 * the realtime bus. Only this module knows how they travel, so moving them
 * onto the page's one multiplexed stream is a change here, not in the runner.
 */

export function runChannel(runId: number): string {
  return `run:${runId}`;
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
  bus.publish({ id: ++lastId, channel: runChannel(runId), type, data, at: new Date().toISOString() });
}
