'use client';

import { useEffect, useRef, useState } from 'react';

export type IncidentEvent = { id: number; type: string; data: unknown };
export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** Every event type the incident stream carries. */
export const INCIDENT_EVENT_TYPES = [
  'checklist.item',
  'checklist.structure',
  'incident.changed',
  'comms.update',
  'comms.cadence',
  'resync',
] as const;

/**
 * One EventSource per incident page. The browser reconnects by itself and
 * sends Last-Event-ID, so the server replays exactly what was missed.
 */
export function useIncidentEvents(slug: string, onEvent: (e: IncidentEvent) => void): StreamState {
  const handler = useRef(onEvent);
  const [state, setState] = useState<StreamState>('connecting');
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    const es = new EventSource(`/api/incidents/${encodeURIComponent(slug)}/events`);
    const listen = (ev: MessageEvent) => {
      let data: unknown = null;
      try {
        data = JSON.parse(ev.data);
      } catch {
        return;
      }
      handler.current({ id: Number(ev.lastEventId) || 0, type: ev.type, data });
    };
    for (const t of INCIDENT_EVENT_TYPES) es.addEventListener(t, listen as EventListener);
    es.onopen = () => setState('live');
    es.onerror = () => setState(es.readyState === EventSource.CLOSED ? 'reconnecting' : 'reconnecting');
    return () => es.close();
  }, [slug]);
  return state;
}
