import { AppError } from '@/lib/errors';

/**
 * Channel names as a browser tab asks for them on the one stream
 * (`GET /api/stream?c=incident:tms-2026-01-12&c=incidents`). They name what
 * the user sees (a slug, a run id), never a database id the page does not
 * already show; lib/realtime/channels.ts resolves each one to its bus
 * channel and checks the user may see it. Pure: imported by the client too.
 */
export const channelNames = {
  incident: (incidentSlug: string) => `incident:${incidentSlug}`,
  incidentList: () => 'incidents',
  run: (runId: string) => `run:${runId}`,
  approvals: () => 'approvals',
};

/** A channel and the id of the last event the tab holds from it (absent: only live events). */
export type ChannelCursor = { name: string; sinceId?: number };

/** More than a page could ever need; a cap so one request cannot subscribe to everything. */
export const MAX_CHANNELS_PER_STREAM = 16;

const CHANNEL_NAME = /^[a-z][a-z-]{0,31}(?::[A-Za-z0-9][A-Za-z0-9._-]{0,127})?$/;

/** `kind:key` → its parts (`incidents` has no key). */
export function splitChannelName(name: string): { kind: string; key: string | undefined } {
  const at = name.indexOf(':');
  return at < 0 ? { kind: name, key: undefined } : { kind: name.slice(0, at), key: name.slice(at + 1) };
}

/** `c=incident:x@4000&c=incidents` — the cursor rides after the last `@`. */
export function formatChannelQuery(cursors: ChannelCursor[]): string {
  const q = new URLSearchParams();
  for (const c of cursors) q.append('c', c.sinceId === undefined ? c.name : `${c.name}@${c.sinceId}`);
  return q.toString();
}

export function parseChannelQuery(params: URLSearchParams): ChannelCursor[] {
  const raw = params.getAll('c');
  if (!raw.length) throw new AppError('bad_request:stream', 'Name at least one channel (?c=incident:<slug>).');
  if (raw.length > MAX_CHANNELS_PER_STREAM) {
    throw new AppError('bad_request:stream', `At most ${MAX_CHANNELS_PER_STREAM} channels per stream.`);
  }
  const seen = new Map<string, ChannelCursor>();
  for (const value of raw) {
    const at = value.lastIndexOf('@');
    const name = at < 0 ? value : value.slice(0, at);
    const cursor = at < 0 ? undefined : value.slice(at + 1);
    if (!CHANNEL_NAME.test(name)) throw new AppError('bad_request:stream', `"${value}" is not a channel name.`);
    const since = cursor === undefined ? undefined : Number(cursor);
    if (since !== undefined && !(/^\d{1,16}$/.test(cursor!) && Number.isSafeInteger(since))) {
      throw new AppError('bad_request:stream', `"${value}": the cursor after @ must be an event id.`);
    }
    seen.set(name, { name, sinceId: since });
  }
  return [...seen.values()];
}
