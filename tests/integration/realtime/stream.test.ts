import { describe, expect, it } from 'vitest';
import { realtimeBus, realtimeEventId } from '@/lib/realtime/bus';
import { streamResponse, type StreamChannel } from '@/lib/realtime/stream';

type Frame = { id: string; event: string; data: string };

/** Reads SSE frames from a real Response body until `count` named events arrived. */
async function readEvents(res: Response, count: number): Promise<Frame[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const out: Frame[] = [];
  let buf = '';
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      const field = (name: string) =>
        frame
          .split('\n')
          .find((l) => l.startsWith(`${name}: `))
          ?.slice(name.length + 2) ?? '';
      if (field('event')) out.push({ id: field('id'), event: field('event'), data: field('data') });
    }
  }
  await reader.cancel();
  return out;
}

const publish = (channel: string, seq: number, i = 0, type = 'checklist.item') =>
  realtimeBus().publish({ id: realtimeEventId(seq, i), channel, type, data: { seq, i }, at: new Date().toISOString() });

const request = (abort: AbortController, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/stream', { headers, signal: abort.signal });

const channel = (name: string, busChannel: string, sinceId?: number): StreamChannel => ({ name, busChannel, sinceId });

describe('the tab stream', () => {
  it('resumes after Last-Event-ID with exactly the missed events, then streams live ones', async () => {
    const bus = `incident:sse-${Date.now()}`;
    publish(bus, 1);
    publish(bus, 2);
    publish(bus, 2, 1, 'checklist.structure');
    publish(bus, 3);
    const abort = new AbortController();
    const res = streamResponse(
      [channel('incident:tms', bus)],
      request(abort, { 'last-event-id': String(realtimeEventId(2, 0)) }),
    );
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    setTimeout(() => publish(bus, 4), 50);
    const [open, ...events] = await readEvents(res, 4);
    expect(open?.event).toBe('open');
    expect(JSON.parse(open!.data)).toEqual({ epoch: realtimeBus().epoch, heads: { 'incident:tms': 3000 } });
    expect(events.map((e) => e.id)).toEqual(['2001', '3000', '4000']);
    expect(events[0]?.event).toBe('checklist.structure');
    expect(JSON.parse(events[2]!.data)).toEqual({ channel: 'incident:tms', data: { seq: 4, i: 0 } });
    abort.abort();
    expect(realtimeBus().listenerCount(bus)).toBe(0);
  });

  it('multiplexes channels on one stream, each resuming from its own cursor, replayed in id order', async () => {
    const incident = `incident:mux-${Date.now()}`;
    const run = `run:mux-${Date.now()}`;
    const list = `incidents-mux-${Date.now()}`;
    publish(incident, 10);
    publish(run, 11, 0, 'run.output');
    publish(incident, 12);
    publish(run, 13, 0, 'run.output');
    const abort = new AbortController();
    const res = streamResponse(
      [
        channel('incident:a', incident, realtimeEventId(10, 0)),
        channel('run:r1', run, realtimeEventId(11, 0)),
        channel('incidents', list),
      ],
      request(abort),
    );
    setTimeout(() => {
      publish(list, 14, 0, 'incident.listed');
      publish(run, 15, 0, 'run.output');
    }, 50);
    const [open, ...events] = await readEvents(res, 5);
    expect(JSON.parse(open!.data).heads).toEqual({ 'incident:a': 12000, 'run:r1': 13000, incidents: 0 });
    expect(events.map((e) => [JSON.parse(e.data).channel, e.id])).toEqual([
      ['incident:a', '12000'],
      ['run:r1', '13000'],
      ['incidents', '14000'],
      ['run:r1', '15000'],
    ]);
    expect(events[1]?.event).toBe('run.output');
    abort.abort();
    for (const c of [incident, run, list]) expect(realtimeBus().listenerCount(c)).toBe(0);
  });

  it('tells a client whose missed events aged out to resync that channel, and replays the others', async () => {
    const old = `incident:sse-old-${Date.now()}`;
    const fresh = `incident:sse-fresh-${Date.now()}`;
    for (let s = 1; s <= 2100; s++) publish(old, s);
    publish(fresh, 2101);
    const abort = new AbortController();
    const res = streamResponse(
      [channel('incident:old', old, 1000), channel('incident:fresh', fresh, 0)],
      request(abort),
    );
    const [open, resync, replayed] = await readEvents(res, 3);
    expect(JSON.parse(open!.data).heads['incident:old']).toBe(2_100_000);
    expect(resync?.event).toBe('resync');
    expect(JSON.parse(resync!.data)).toEqual({ channel: 'incident:old' });
    expect([JSON.parse(replayed!.data).channel, replayed!.id]).toEqual(['incident:fresh', '2101000']);
    abort.abort();
  });

  it('ignores a malformed Last-Event-ID rather than replaying everything', async () => {
    const bus = `incident:sse-bad-${Date.now()}`;
    publish(bus, 1);
    const abort = new AbortController();
    const res = streamResponse([channel('incident:bad', bus)], request(abort, { 'last-event-id': '1; DROP TABLE' }));
    setTimeout(() => publish(bus, 2), 50);
    const [, ...events] = await readEvents(res, 2);
    expect(events.map((e) => e.id)).toEqual(['2000']);
    abort.abort();
  });
});
