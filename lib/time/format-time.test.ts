import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatTime,
  formatUtc,
  isTimeZone,
  wallTimeToUtc,
  zoneAbbreviation,
  zoneOffsetMinutes,
} from './format-time';

const at = new Date('2026-12-01T03:12:00Z');

describe('formatTime', () => {
  it('names the zone of every time it shows', () => {
    expect(formatTime(at, 'America/Chicago')).toBe('2026-11-30 21:12 CST');
    expect(formatTime(at, 'America/Chicago', { style: 'time' })).toBe('21:12 CST');
    expect(formatTime(at, 'UTC', { seconds: true })).toBe('2026-12-01 03:12:00 UTC');
    expect(formatTime('2026-07-01T03:12:00Z', 'America/Chicago', { style: 'time' })).toBe('22:12 CDT');
  });

  it('gives a zone without a short name its offset', () => {
    expect(formatTime(at, 'Europe/Berlin', { style: 'time' })).toBe('04:12 GMT+1');
  });

  it('says so when the time is not a time', () => {
    expect(formatTime('not a date', 'UTC')).toBe('invalid time');
  });

  it('puts the full UTC instant on hover', () => {
    expect(formatUtc(at)).toBe('2026-12-01 03:12:00 UTC');
  });
});

describe('zones', () => {
  it('knows a real IANA zone from a made-up one', () => {
    expect(isTimeZone('America/Chicago')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(null)).toBe(false);
  });

  it('follows daylight saving time', () => {
    expect(zoneAbbreviation('America/Chicago', at)).toBe('CST');
    expect(zoneOffsetMinutes('America/Chicago', at.getTime())).toBe(-360);
    expect(zoneOffsetMinutes('America/Chicago', Date.parse('2026-07-01T12:00:00Z'))).toBe(-300);
    expect(zoneOffsetMinutes('Asia/Kolkata', at.getTime())).toBe(330);
  });

  it('turns a wall-clock time in a zone into its instant', () => {
    const wall = { year: 2026, month: 11, day: 30, hour: 21, minute: 12, second: 0 };
    expect(wallTimeToUtc(wall, 'America/Chicago').toISOString()).toBe('2026-12-01T03:12:00.000Z');
    expect(wallTimeToUtc(wall, 'UTC').toISOString()).toBe('2026-11-30T21:12:00.000Z');
    expect(wallTimeToUtc({ ...wall, month: 7, day: 1 }, 'America/Chicago').toISOString()).toBe(
      '2026-07-02T02:12:00.000Z',
    );
  });

  it('reads the hour either side of a DST change by the offset in force then', () => {
    // 2026-03-08 02:30 does not exist in Chicago (clocks jump 02:00 → 03:00): it reads as 03:30 CDT.
    const gap = { year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 };
    expect(wallTimeToUtc(gap, 'America/Chicago').toISOString()).toBe('2026-03-08T08:30:00.000Z');
    const before = { ...gap, hour: 1 };
    expect(wallTimeToUtc(before, 'America/Chicago').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    const after = { ...gap, hour: 3 };
    expect(wallTimeToUtc(after, 'America/Chicago').toISOString()).toBe('2026-03-08T08:30:00.000Z');
  });
});

describe('formatAgo', () => {
  it('reads at a glance', () => {
    expect(formatAgo(20_000)).toBe('just now');
    expect(formatAgo(12 * 60_000 + 59_000)).toBe('12 min ago');
    expect(formatAgo(185 * 60_000)).toBe('3 h 5 min ago');
    expect(formatAgo(120 * 60_000)).toBe('2 h ago');
    expect(formatAgo(50 * 3_600_000)).toBe('2 d ago');
    expect(formatAgo(-5_000)).toBe('just now');
  });
});
