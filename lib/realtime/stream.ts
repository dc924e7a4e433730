import { metrics } from '@/lib/metrics';
import { realtimeBus, type RealtimeEvent } from './bus';

/** Comments this often keep proxies (nginx's proxy_read_timeout) and the client's watchdog from calling the stream dead. */
export const HEARTBEAT_MS = 15_000;
type ShutdownHook = () => void;
const g = globalThis as unknown as { __warroomShutdownHooks?: Set<ShutdownHook> };

/** One channel of a tab's stream: the name the tab used, the bus channel it resolved to, and its cursor. */
export type StreamChannel = { name: string; busChannel: string; sinceId?: number };

/**
 * The frames a tab's stream carries (the client in lib/realtime/stream-client.ts reads them):
 * - `event: open`   data `{ epoch, heads }` — subscribed; from here on the stream is live.
 *   `heads[name]` is the channel's newest event id (0: none): the cursor for a tab that had none.
 * - `event: <type>` id `<event id>` data `{ channel, data }` — one bus event, on the tab's channel name.
 * - `event: resync` data `{ channel }` — events after the tab's cursor aged out: refetch that channel.
 */
export type OpenFrame = { epoch: string; heads: Record<string, number> };
export type EventFrame = { channel: string; data: unknown };
export type ResyncFrame = { channel: string };

/**
 * The Last-Event-ID header a plain EventSource would send; used as the
 * cursor for channels the query names without one. Malformed → ignored
 * rather than replaying everything.
 */
export function parseLastEventId(request: Request): number | undefined {
  const raw = request.headers.get('last-event-id');
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

const frame = (name: string, e: RealtimeEvent) =>
  `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ channel: name, data: e.data } satisfies EventFrame)}\n\n`;

/**
 * One Server-Sent Events stream multiplexing several bus channels — one per
 * browser tab, since HTTP/1.1 allows six connections per origin. For each
 * channel with a cursor the tab gets exactly the events after it, or a
 * `resync` when those have aged out. Subscribing and replaying happen in one
 * synchronous step, so nothing published in between is lost or sent twice.
 * Authorization happened before (app/api/stream/route.ts via
 * lib/realtime/channels.ts); this only streams.
 */
export function streamResponse(channels: StreamChannel[], request: Request): Response {
  const fallbackSince = parseLastEventId(request);
  const bus = realtimeBus();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send('retry: 1000\n\n');
      const replay: { name: string; event: RealtimeEvent }[] = [];
      const resync: string[] = [];
      const heads: Record<string, number> = {};
      const subs = channels.map((c) => {
        const sub = bus.subscribe(c.busChannel, (e) => send(frame(c.name, e)), c.sinceId ?? fallbackSince);
        heads[c.name] = sub.head;
        if (sub.replay === null) resync.push(c.name);
        else for (const event of sub.replay) replay.push({ name: c.name, event });
        return sub;
      });
      send(`event: open\ndata: ${JSON.stringify({ epoch: bus.epoch, heads } satisfies OpenFrame)}\n\n`);
      for (const channel of resync)
        send(`event: resync\ndata: ${JSON.stringify({ channel } satisfies ResyncFrame)}\n\n`);
      // Mutation events carry audit sequence numbers, global across channels: replay in the
      // order things happened (each channel's own ids only ever increase, so its order holds too).
      replay.sort((a, b) => a.event.id - b.event.id);
      for (const r of replay) send(frame(r.name, r.event));
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      metrics().sseClients.inc();
      const onShutdown = () => cleanup();
      (g.__warroomShutdownHooks ??= new Set()).add(onShutdown);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        for (const s of subs) s.unsubscribe();
        g.__warroomShutdownHooks?.delete(onShutdown);
        metrics().sseClients.dec();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener('abort', () => cleanup(), { once: true });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      // nginx: do not buffer this response (deploy/nginx/warroom.conf also turns buffering off).
      'x-accel-buffering': 'no',
    },
  });
}
