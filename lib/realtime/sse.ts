import { metrics } from '@/lib/metrics';
import { realtimeBus, type RealtimeEvent } from './bus';

const HEARTBEAT_MS = 15_000;
type ShutdownHook = () => void;
const g = globalThis as unknown as { __warroomShutdownHooks?: Set<ShutdownHook> };

export function parseLastEventId(request: Request): number | undefined {
  const raw = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function frame(e: RealtimeEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/**
 * One Server-Sent Events stream on a bus channel. A reconnecting client
 * sends Last-Event-ID (audit seq): it gets exactly the events after it, or a
 * `resync` event when those have aged out and it must refetch. Subscribing
 * and replaying happen in one synchronous step, so nothing published in
 * between is lost or sent twice.
 */
export function sseResponse(channel: string, request: Request): Response {
  const sinceId = parseLastEventId(request);
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
      const sub = realtimeBus().subscribe(channel, (e) => send(frame(e)), sinceId);
      if (sub.replay === null) send(`event: resync\ndata: {}\n\n`);
      else for (const e of sub.replay) send(frame(e));
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      metrics().sseClients.inc();
      const onShutdown = () => cleanup();
      (g.__warroomShutdownHooks ??= new Set()).add(onShutdown);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        sub.unsubscribe();
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
      'x-accel-buffering': 'no',
    },
  });
}
