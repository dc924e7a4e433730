/**
 * The realtime bus: in-process today. Its interface is all the app sees, so
 * running several instances means a PostgreSQL LISTEN/NOTIFY adapter, not a
 * rewrite. Event ids derive from audit sequence numbers (realtimeEventId):
 * globally ordered, so an SSE client resumes from Last-Event-ID without gaps
 * or duplicates.
 */
export type RealtimeEvent = {
  id: number;
  channel: string;
  type: string;
  data: unknown;
  at: string;
};

export type Subscription = {
  /** Events after `sinceId` still held, or null when they have aged out (client must refetch). */
  replay: RealtimeEvent[] | null;
  /** The id of the newest event held for the channel (0: none yet): a cursor for a subscriber that had none. */
  head: number;
  unsubscribe: () => void;
};

export interface RealtimeBus {
  /**
   * Changes whenever the bus starts over with an empty history (a server
   * restart). A client that sees a new epoch cannot trust its cursors and
   * refetches instead of resuming.
   */
  readonly epoch: string;
  publish(event: RealtimeEvent): void;
  subscribe(channel: string, listener: (e: RealtimeEvent) => void, sinceId?: number): Subscription;
  listenerCount(channel?: string): number;
}

const KEEP_PER_CHANNEL = 2000;

export class InProcessBus implements RealtimeBus {
  readonly epoch = crypto.randomUUID();
  private listeners = new Map<string, Set<(e: RealtimeEvent) => void>>();
  private history = new Map<string, RealtimeEvent[]>();

  publish(event: RealtimeEvent): void {
    const kept = this.history.get(event.channel) ?? [];
    // Keep history ordered by id even if two commits publish out of order.
    let i = kept.length;
    while (i > 0 && (kept[i - 1]?.id ?? -Infinity) > event.id) i--;
    if (kept[i - 1]?.id === event.id) return; // the same event delivered twice
    kept.splice(i, 0, event);
    if (kept.length > KEEP_PER_CHANNEL) kept.splice(0, kept.length - KEEP_PER_CHANNEL);
    this.history.set(event.channel, kept);
    for (const l of this.listeners.get(event.channel) ?? []) {
      try {
        l(event);
      } catch {
        // One broken listener (a closed stream) must not starve the others.
      }
    }
  }

  subscribe(channel: string, listener: (e: RealtimeEvent) => void, sinceId?: number): Subscription {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    let replay: RealtimeEvent[] | null = [];
    const kept = this.history.get(channel) ?? [];
    if (sinceId !== undefined) {
      const oldest = kept[0]?.id;
      replay = kept.filter((e) => e.id > sinceId);
      if (oldest !== undefined && sinceId < oldest - 1 && kept.length >= KEEP_PER_CHANNEL) replay = null;
    }
    return {
      replay,
      head: kept.at(-1)?.id ?? 0,
      unsubscribe: () => {
        set.delete(listener);
        if (!set.size) this.listeners.delete(channel);
      },
    };
  }

  listenerCount(channel?: string): number {
    if (channel) return this.listeners.get(channel)?.size ?? 0;
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}

const globalForBus = globalThis as unknown as { __warroomBus?: RealtimeBus };

export function realtimeBus(): RealtimeBus {
  globalForBus.__warroomBus ??= new InProcessBus();
  return globalForBus.__warroomBus;
}

/** Event ids: audit seq × 1000 + the event's index within that mutation. */
export const EVENTS_PER_MUTATION = 1000;
export function realtimeEventId(auditSeq: number, index: number): number {
  if (index >= EVENTS_PER_MUTATION) throw new Error('too many realtime events for one mutation');
  return auditSeq * EVENTS_PER_MUTATION + index;
}

/**
 * Bus channels are keyed by database ids; browsers name channels by what
 * they see (the slug) — lib/realtime/channel-names.ts, resolved and
 * permission-checked in lib/realtime/channels.ts.
 */
export function incidentChannel(incidentId: string): string {
  return `incident:${incidentId}`;
}

/** The incident list: an incident was created, or its title/status/severity changed. */
export const INCIDENT_LIST_CHANNEL = 'incidents';
