import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus, realtimeBus, realtimeEventId } from '@/lib/realtime/bus';
import { parseChannelQuery } from '@/lib/realtime/channel-names';
import { describeStatus, StreamClient, type ChannelEvent } from '@/lib/realtime/stream-client';
import { streamResponse } from '@/lib/realtime/stream';

/**
 * The browser's stream client against a real HTTP server running the real
 * streamResponse, which the test turns into a restarting proxy (502s, cut
 * connections), a signed-out session (401) or a deleted incident (404).
 */
type Mode = 'ok' | 502 | 401;
let mode: Mode = 'ok';
const requests: { url: string; status: number }[] = [];
/** Tab channel name → bus channel; a name missing here answers 404 like a deleted incident. */
const known = new Map<string, string>();
let server: http.Server;
let url = '';

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const status = mode === 'ok' ? 200 : mode;
  if (status !== 200) {
    requests.push({ url: req.url!, status });
    res.writeHead(status, { 'content-type': status === 502 ? 'text/html' : 'application/json' });
    return res.end(status === 502 ? '<h1>502 Bad Gateway</h1>' : '{"error":{"code":"unauthenticated"}}');
  }
  const wanted = parseChannelQuery(new URL(req.url!, 'http://x').searchParams);
  const gone = wanted.filter((c) => !known.has(c.name)).map((c) => c.name);
  requests.push({ url: req.url!, status: gone.length ? 404 : 200 });
  if (gone.length) {
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ error: { code: 'not_found:channel', channels: gone } }));
  }
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const response = streamResponse(
    wanted.map((c) => ({ ...c, busChannel: known.get(c.name)! })),
    new Request(`http://x${req.url}`, { signal: abort.signal }),
  );
  res.writeHead(response.status, Object.fromEntries(response.headers));
  const reader = response.body!.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) res.write(r.value);
  res.end();
}

/** Resolves once `check` holds, re-checked on every status change and event (no fixed sleeps). */
function until(client: StreamClient, check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
    const poll = setInterval(test, 10);
    function test() {
      if (!check()) return;
      clearTimeout(timer);
      clearInterval(poll);
      off();
      resolve();
    }
    const off = client.onStatus(test);
    test();
  });
}

let seq = 1_000_000;
const publish = (busChannel: string, type = 'checklist.item') => {
  const id = realtimeEventId(++seq, 0);
  realtimeBus().publish({ id, channel: busChannel, type, data: { n: seq }, at: new Date().toISOString() });
  return id;
};

const newClient = () => new StreamClient({ url, backoff: { baseMs: 40, maxMs: 160 }, random: () => 1 });

beforeAll(async () => {
  server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stream`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  mode = 'ok';
  requests.length = 0;
  known.clear();
});

describe('the stream client', () => {
  it('carries every channel the widgets subscribed to on one request', async () => {
    known.set('incident:a', 'incident:bus-a1').set('incidents', 'incidents-bus-1');
    const client = newClient();
    const seen: ChannelEvent[] = [];
    const offA = client.subscribe('incident:a', (e) => seen.push(e));
    const offB = client.subscribe('incident:a', (e) => seen.push({ ...e, channel: 'second widget' }));
    const offList = client.subscribe('incidents', (e) => seen.push(e));
    await until(client, () => client.status.state === 'live', 'live');
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]!.url, 'http://x').searchParams.getAll('c').sort()).toEqual(['incident:a', 'incidents']);
    const id = publish('incident:bus-a1');
    publish('incidents-bus-1', 'incident.listed');
    await until(client, () => seen.length === 3, 'three deliveries');
    expect(seen.map((e) => [e.channel, e.type])).toEqual([
      ['incident:a', 'checklist.item'],
      ['second widget', 'checklist.item'],
      ['incidents', 'incident.listed'],
    ]);
    expect(seen[0]?.id).toBe(id);
    offA();
    offB();
    offList();
    await until(client, () => client.status.state === 'idle', 'idle after the last widget left');
  });

  it('replays what changed between the page render (its cursor) and the first connection', async () => {
    known.set('incident:a', 'incident:bus-a6');
    const renderedAt = publish('incident:bus-a6');
    const meanwhile = publish('incident:bus-a6');
    const withCursor = newClient();
    const withoutCursor = newClient();
    const seen: ChannelEvent[] = [];
    const unseen: ChannelEvent[] = [];
    const offA = withCursor.subscribe('incident:a', (e) => seen.push(e), renderedAt);
    const offB = withoutCursor.subscribe('incident:a', (e) => unseen.push(e));
    await until(withCursor, () => seen.length === 1, 'the change made before connecting');
    await until(withoutCursor, () => withoutCursor.status.state === 'live', 'live');
    expect(seen.map((e) => e.id)).toEqual([meanwhile]);
    // Without a cursor a tab only hears what happens from now on.
    const later = publish('incident:bus-a6');
    await until(withoutCursor, () => unseen.length === 1, 'the live event');
    expect(unseen.map((e) => e.id)).toEqual([later]);
    offA();
    offB();
  });

  it('survives a proxy restart: offline with a countdown, retries through 502s, then replays what was missed', async () => {
    known.set('incident:a', 'incident:bus-a2');
    const client = newClient();
    const seen: ChannelEvent[] = [];
    const off = client.subscribe('incident:a', (e) => seen.push(e));
    await until(client, () => client.status.state === 'live', 'live');
    const before = publish('incident:bus-a2');
    await until(client, () => seen.length === 1, 'the first event');

    mode = 502;
    server.closeAllConnections();
    await until(client, () => requests.filter((r) => r.status === 502).length >= 3, 'three refused retries');
    const status = client.status;
    expect(status.state).toBe('offline');
    if (status.state === 'offline') {
      expect(status.reason).toBe('the server answered 502');
      expect(describeStatus(status, status.retryAt - 4000)).toBe('offline — retrying in 4 s');
    }
    const missed = publish('incident:bus-a2');

    mode = 'ok';
    await until(client, () => client.status.state === 'live', 'live again');
    await until(client, () => seen.length === 2, 'the missed event');
    expect(seen.map((e) => e.id)).toEqual([before, missed]);
    const resumed = requests.at(-1)!;
    expect(new URL(resumed.url, 'http://x').searchParams.get('c')).toBe(`incident:a@${before}`);
    off();
  });

  it('drops a channel the server says is gone (404) and keeps streaming the others', async () => {
    known.set('incident:a', 'incident:bus-a3');
    const client = newClient();
    const seen: ChannelEvent[] = [];
    const offA = client.subscribe('incident:a', (e) => seen.push(e));
    const offGone = client.subscribe('incident:deleted', (e) => seen.push(e));
    await until(client, () => client.status.state === 'live', 'live');
    expect(client.isGone('incident:deleted')).toBe(true);
    expect(client.isGone('incident:a')).toBe(false);
    expect(requests.map((r) => r.status)).toEqual([404, 200]);
    publish('incident:bus-a3');
    await until(client, () => seen.length === 2, 'gone + the live event');
    expect(seen.map((e) => [e.channel, e.type])).toEqual([
      ['incident:deleted', 'gone'],
      ['incident:a', 'checklist.item'],
    ]);
    offA();
    offGone();
  });

  it('stops on 401 and says the session ended', async () => {
    known.set('incident:a', 'incident:bus-a4');
    mode = 401;
    const client = newClient();
    const off = client.subscribe('incident:a', () => {});
    await until(client, () => client.status.state === 'ended', 'ended');
    expect(describeStatus(client.status, Date.now())).toBe('session ended — sign in');
    // Several backoff periods later: still exactly one request.
    await new Promise((r) => setTimeout(r, 500));
    expect(requests).toHaveLength(1);
    off();
  });

  it('asks its widgets to refetch when the server restarted with an empty history (new epoch)', async () => {
    known.set('incident:a', 'incident:bus-a5');
    const client = newClient();
    const seen: ChannelEvent[] = [];
    const off = client.subscribe('incident:a', (e) => seen.push(e));
    await until(client, () => client.status.state === 'live', 'live');
    const g = globalThis as unknown as { __warroomBus?: InProcessBus };
    const previous = g.__warroomBus;
    g.__warroomBus = new InProcessBus();
    try {
      server.closeAllConnections();
      await until(client, () => seen.some((e) => e.type === 'resync'), 'resync');
      expect(seen.map((e) => e.type)).toEqual(['resync']);
    } finally {
      off();
      g.__warroomBus = previous;
    }
  });
});
