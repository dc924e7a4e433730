import { describe, expect, it } from 'vitest';
import { InProcessBus, realtimeEventId, type RealtimeEvent } from './bus';

const ev = (seq: number, i: number, type = 'checklist.item'): RealtimeEvent => ({
  id: realtimeEventId(seq, i),
  channel: 'incident:1',
  type,
  data: { seq, i },
  at: '',
});

describe('InProcessBus', () => {
  it('delivers every event of one mutation, and replays exactly those after Last-Event-ID', () => {
    const bus = new InProcessBus();
    const live: number[] = [];
    const sub = bus.subscribe('incident:1', (e) => live.push(e.id));
    bus.publish(ev(7, 0));
    bus.publish(ev(7, 1));
    bus.publish(ev(7, 2, 'checklist.structure'));
    bus.publish(ev(8, 0));
    expect(live).toEqual([7000, 7001, 7002, 8000]);
    sub.unsubscribe();
    const again = bus.subscribe('incident:1', () => {}, 7001);
    expect(again.replay?.map((e) => e.id)).toEqual([7002, 8000]);
    again.unsubscribe();
  });
  it('keeps replay order by id when commits publish out of order, and drops an exact repeat', () => {
    const bus = new InProcessBus();
    bus.publish(ev(9, 0));
    bus.publish(ev(8, 0));
    bus.publish(ev(9, 0));
    const sub = bus.subscribe('incident:1', () => {}, 0);
    expect(sub.replay?.map((e) => e.id)).toEqual([8000, 9000]);
  });
  it('asks the client to resync when the events it missed have aged out', () => {
    const bus = new InProcessBus();
    for (let s = 1; s <= 2100; s++) bus.publish(ev(s, 0));
    expect(bus.subscribe('incident:1', () => {}, realtimeEventId(5, 0)).replay).toBeNull();
    expect(bus.subscribe('incident:1', () => {}, realtimeEventId(2099, 0)).replay?.map((e) => e.id)).toEqual([2100000]);
  });
});
