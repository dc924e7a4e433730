import { describe, expect, it } from 'vitest';
import { realtimeBus, realtimeEventId } from '@/lib/realtime/bus';
import { sseResponse } from '@/lib/realtime/sse';

/** Reads SSE frames from a real Response body until `count` events arrived. */
async function readEvents(res: Response, count: number): Promise<{ id: string; event: string; data: string }[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const out: { id: string; event: string; data: string }[] = [];
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

describe('the incident event stream', () => {
  it('resumes after Last-Event-ID with exactly the missed events, then streams live ones', async () => {
    const channel = `incident:sse-${Date.now()}`;
    publish(channel, 1);
    publish(channel, 2);
    publish(channel, 2, 1, 'checklist.structure');
    publish(channel, 3);
    const abort = new AbortController();
    const res = sseResponse(
      channel,
      new Request('http://localhost/x', {
        headers: { 'last-event-id': String(realtimeEventId(2, 0)) },
        signal: abort.signal,
      }),
    );
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    setTimeout(() => publish(channel, 4), 50);
    const events = await readEvents(res, 3);
    expect(events.map((e) => e.id)).toEqual(['2001', '3000', '4000']);
    expect(events[0]?.event).toBe('checklist.structure');
    abort.abort();
    expect(realtimeBus().listenerCount(channel)).toBe(0);
  });

  it('tells a client whose missed events aged out to resync', async () => {
    const channel = `incident:sse-old-${Date.now()}`;
    for (let s = 1; s <= 2100; s++) publish(channel, s);
    const abort = new AbortController();
    const res = sseResponse(
      channel,
      new Request('http://localhost/x', { headers: { 'last-event-id': '1000' }, signal: abort.signal }),
    );
    const [first] = await readEvents(res, 1);
    expect(first?.event).toBe('resync');
    abort.abort();
  });

  it('ignores a malformed Last-Event-ID rather than replaying everything', async () => {
    const channel = `incident:sse-bad-${Date.now()}`;
    publish(channel, 1);
    const abort = new AbortController();
    const res = sseResponse(
      channel,
      new Request('http://localhost/x', { headers: { 'last-event-id': '1; DROP TABLE' }, signal: abort.signal }),
    );
    setTimeout(() => publish(channel, 2), 50);
    const events = await readEvents(res, 1);
    expect(events.map((e) => e.id)).toEqual(['2000']);
    abort.abort();
  });
});
