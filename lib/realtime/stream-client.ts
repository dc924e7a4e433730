import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { formatChannelQuery, type ChannelCursor } from './channel-names';
import type { EventFrame, OpenFrame, ResyncFrame } from './stream';

/**
 * The browser side of the one stream per tab (framework-free; React binds
 * it in components/realtime/). It reads `GET /api/stream` with fetch, not
 * EventSource: EventSource gives up for good on a 502 from a restarting
 * proxy and cannot tell "offline" from "signed out". Here every failure is
 * retried with exponential backoff and full jitter, except a 401 (the
 * session ended: stop) and a 404 for a channel (it is gone: drop it, keep
 * the rest). Each channel keeps its own cursor, sent on reconnect, so the
 * server replays exactly what was missed — or says `resync` and the
 * channel's widgets refetch.
 */

/** What a widget receives: a server event, or `resync` (refetch: events were missed) or `gone` (404). */
export type ChannelEvent = { channel: string; type: string; id: number | null; data: unknown };
export type ChannelListener = (event: ChannelEvent) => void;

export type StreamStatus =
  | { state: 'idle' }
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'offline'; retryAt: number; reason: string }
  | { state: 'ended' };

export type StreamClientOptions = {
  url?: string;
  fetch?: typeof fetch;
  /** Tests pass a fixed one; jitter spreads a hundred tabs reconnecting after a restart. */
  random?: () => number;
  backoff?: { baseMs: number; maxMs: number };
  /** No byte (not even the 15 s heartbeat) for this long: the connection is dead even if TCP has not noticed. */
  idleTimeoutMs?: number;
};

/** Exponential backoff with full jitter (AWS's "full jitter"): random in [base·2ⁿ/2, base·2ⁿ], capped. */
export function backoffDelay(attempt: number, random: () => number, baseMs = 500, maxMs = 10_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The honest one-liner a status badge shows. */
export function describeStatus(status: StreamStatus, now: number, gone = false): string {
  if (gone) return 'gone — it no longer exists';
  switch (status.state) {
    case 'idle':
    case 'connecting':
      return 'connecting…';
    case 'live':
      return 'live';
    case 'offline': {
      const s = Math.ceil((status.retryAt - now) / 1000);
      return s > 0 ? `offline — retrying in ${s} s` : 'offline — retrying now…';
    }
    case 'ended':
      return 'session ended — sign in';
  }
}

export class StreamClient {
  private readonly url: string;
  private readonly fetchImpl: typeof fetch;
  private readonly random: () => number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly idleTimeoutMs: number;
  private readonly listeners = new Map<string, Set<ChannelListener>>();
  private readonly cursors = new Map<string, number>();
  private readonly goneChannels = new Set<string>();
  private readonly statusListeners = new Set<() => void>();
  private current: StreamStatus = { state: 'idle' };
  private epoch: string | null = null;
  private heads: Record<string, number> = {};
  private running = false;
  private connection: AbortController | null = null;
  private wake: (() => void) | null = null;
  private changeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: StreamClientOptions = {}) {
    this.url = options.url ?? '/api/stream';
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? { baseMs: 500, maxMs: 10_000 };
    this.idleTimeoutMs = options.idleTimeoutMs ?? 40_000;
  }

  get status(): StreamStatus {
    return this.current;
  }

  isGone(channel: string): boolean {
    return this.goneChannels.has(channel);
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Puts `channel` on the tab's stream (connecting, or reconnecting with the
   * new set, a moment later so widgets mounting together share one request).
   * `since`: the cursor the page was rendered at (lib/realtime/cursor.ts), so
   * what changed before the stream connected is replayed.
   */
  subscribe(channel: string, listener: ChannelListener, since?: number): () => void {
    if (since !== undefined && !this.cursors.has(channel)) this.cursors.set(channel, since);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      this.channelsChanged();
    }
    set.add(listener);
    return () => {
      const s = this.listeners.get(channel);
      if (!s?.delete(listener) || s.size) return;
      this.listeners.delete(channel);
      this.cursors.delete(channel);
      this.channelsChanged();
    };
  }

  /** Skip the backoff wait (the browser says it is back online, or the tab became visible). */
  retryNow(): void {
    if (this.current.state === 'offline') this.wake?.();
  }

  private setStatus(status: StreamStatus) {
    this.current = status;
    for (const l of this.statusListeners) l();
  }

  private deliver(channel: string, event: ChannelEvent) {
    for (const l of [...(this.listeners.get(channel) ?? [])]) {
      try {
        l(event);
      } catch (err) {
        // One broken widget must not stop the others from hearing the stream.
        console.error('realtime listener failed', err);
      }
    }
  }

  private wanted(): string[] {
    return [...this.listeners.keys()].filter((c) => !this.goneChannels.has(c));
  }

  private channelsChanged() {
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      if (!this.running) void this.run();
      // A live connection carries the old set: end it; run() reconnects at once, cursors kept.
      else if (this.connection) this.connection.abort('channels changed');
      else this.wake?.();
    }, 25);
  }

  private async run() {
    this.running = true;
    let attempt = 0;
    try {
      while (true) {
        const names = this.wanted();
        if (!names.length) {
          this.setStatus({ state: 'idle' });
          return;
        }
        if (this.current.state !== 'live') this.setStatus({ state: 'connecting' });
        const outcome = await this.connect(names, () => (attempt = 0));
        if (outcome === 'ended') {
          this.setStatus({ state: 'ended' });
          return;
        }
        if (outcome === 'again') continue;
        const delay = backoffDelay(attempt++, this.random, this.backoff.baseMs, this.backoff.maxMs);
        this.setStatus({ state: 'offline', retryAt: Date.now() + delay, reason: outcome.reason });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => resolve(), delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    } finally {
      this.running = false;
    }
  }

  /** One connection, until it fails or ends: 'again' reconnects at once, 'ended' stops, a reason backs off. */
  private async connect(names: string[], onOpen: () => void): Promise<'again' | 'ended' | { reason: string }> {
    const abort = new AbortController();
    this.connection = abort;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort('idle'), this.idleTimeoutMs);
    };
    try {
      touch();
      const cursors: ChannelCursor[] = names.map((name) => ({ name, sinceId: this.cursors.get(name) }));
      const res = await this.fetchImpl(`${this.url}?${formatChannelQuery(cursors)}`, {
        headers: { accept: 'text/event-stream' },
        cache: 'no-store',
        credentials: 'same-origin',
        signal: abort.signal,
      });
      if (res.status === 401) return 'ended';
      if (res.status === 404) {
        const body = (await res.json().catch(() => null)) as { error?: { channels?: unknown } } | null;
        const listed = Array.isArray(body?.error?.channels) ? (body.error.channels as string[]) : [];
        // A 404 that names no channel (a proxy's page, a route that moved): drop them all, do not spin.
        for (const name of listed.length ? listed : names) {
          this.goneChannels.add(name);
          this.deliver(name, { channel: name, type: 'gone', id: null, data: null });
        }
        this.setStatus(this.current);
        return 'again';
      }
      const type = res.headers.get('content-type') ?? '';
      if (!res.ok || !res.body || !type.startsWith('text/event-stream')) {
        await res.body?.cancel().catch(() => {});
        return { reason: `the server answered ${res.status}` };
      }
      await this.read(res.body, touch, onOpen);
      return abort.signal.reason === 'channels changed' ? 'again' : { reason: 'the stream ended' };
    } catch (err) {
      if (abort.signal.reason === 'channels changed') return 'again';
      if (abort.signal.reason === 'idle') return { reason: 'no heartbeat from the server' };
      return { reason: err instanceof Error ? err.message : 'the connection failed' };
    } finally {
      clearTimeout(idle);
      if (this.connection === abort) this.connection = null;
      abort.abort('done');
    }
  }

  private async read(body: ReadableStream<Uint8Array>, touch: () => void, onOpen: () => void) {
    const parser = createParser({ onEvent: (m) => this.onMessage(m, onOpen) });
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) return;
        touch();
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  private onMessage(m: EventSourceMessage, onOpen: () => void) {
    let payload: unknown;
    try {
      payload = JSON.parse(m.data);
    } catch {
      return;
    }
    if (m.event === 'open') {
      const open = payload as OpenFrame;
      // A new epoch is a restarted server with an empty history: what we missed cannot be replayed.
      const restarted = this.epoch !== null && this.epoch !== open.epoch;
      this.epoch = open.epoch;
      this.heads = open.heads;
      for (const [name, head] of Object.entries(open.heads)) {
        if (restarted || !this.cursors.has(name)) this.cursors.set(name, head);
        if (restarted) this.deliver(name, { channel: name, type: 'resync', id: null, data: null });
      }
      onOpen();
      this.setStatus({ state: 'live' });
      return;
    }
    if (m.event === 'resync') {
      const { channel } = payload as ResyncFrame;
      // The refetch the widgets now do covers everything up to the head; resume after it.
      this.cursors.set(channel, this.heads[channel] ?? 0);
      this.deliver(channel, { channel, type: 'resync', id: null, data: null });
      return;
    }
    const { channel, data } = payload as EventFrame;
    const id = m.id ? Number(m.id) : null;
    if (id !== null && Number.isSafeInteger(id))
      this.cursors.set(channel, Math.max(id, this.cursors.get(channel) ?? 0));
    this.deliver(channel, { channel, type: m.event ?? 'message', id, data });
  }
}
