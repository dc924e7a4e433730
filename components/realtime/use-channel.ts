'use client';

import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ChannelEvent, StreamStatus } from '@/lib/realtime/stream-client';
import { useStreamClient } from './stream-provider';

export type { ChannelEvent };
export type ChannelStatus = { stream: StreamStatus; gone: boolean };

const SERVER_STATUS: ChannelStatus = { stream: { state: 'connecting' }, gone: false };

/**
 * Subscribes a widget to one channel of the tab's stream:
 *
 *   const status = useChannel(channelNames.incident(slug), (e) => {
 *     if (e.type === 'checklist.item') apply(e.data as ItemState);
 *     if (e.type === 'resync') router.refresh(); // events were missed: refetch
 *   });
 *
 * `onEvent` may change every render (the latest one is called). Besides the
 * server's event types a widget gets `resync` (refetch what it shows) and
 * `gone` (the resource was deleted or is no longer visible). Pass null to
 * subscribe to nothing. `since`: the cursor the page rendered at
 * (streamCursorNow() in lib/realtime/cursor.ts, read before the page's data),
 * so a change made before the stream connected still arrives.
 */
export function useChannel(
  channel: string | null,
  onEvent: (e: ChannelEvent) => void,
  options: { since?: number } = {},
): ChannelStatus {
  const since = useRef(options.since);
  const client = useStreamClient();
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    if (!channel) return;
    return client.subscribe(channel, (e) => handler.current(e), since.current);
  }, [client, channel]);
  const cache = useRef<ChannelStatus>(SERVER_STATUS);
  const snapshot = useCallback(() => {
    const next = { stream: client.status, gone: channel ? client.isGone(channel) : false };
    const prev = cache.current;
    if (prev.stream !== next.stream || prev.gone !== next.gone) cache.current = next;
    return cache.current;
  }, [client, channel]);
  return useSyncExternalStore(
    useCallback((l: () => void) => client.onStatus(l), [client]),
    snapshot,
    () => SERVER_STATUS,
  );
}
