import { describe, expect, it } from 'vitest';
import { parseNoteTime } from './note-time';

describe('parseNoteTime', () => {
  it('reads a time without a zone in the viewer zone, not as UTC', () => {
    const r = parseNoteTime('2026-11-30 21:12', 'America/Chicago');
    expect(r?.at.toISOString()).toBe('2026-12-01T03:12:00.000Z');
    expect(r?.sourceTz).toBe('America/Chicago CST (UTC-06:00)');
  });

  it('accepts the browser picker form too', () => {
    expect(parseNoteTime('2026-11-30T21:12', 'America/Chicago')?.at.toISOString()).toBe('2026-12-01T03:12:00.000Z');
  });

  it('lets a written zone win over the viewer zone', () => {
    // The importer's table reads CST as China Standard Time (the reference incident's zone).
    const r = parseNoteTime('2026-01-08 13:54:07 CST', 'Europe/Berlin');
    expect(r?.at.toISOString()).toBe('2026-01-08T05:54:07.000Z');
    expect(r?.sourceTz).toBe('CST (UTC+08:00)');
    expect(parseNoteTime('2026-01-08T05:54:07Z', 'America/Chicago')?.at.toISOString()).toBe('2026-01-08T05:54:07.000Z');
  });

  it("reads the viewer's own zone abbreviation as their zone: CST typed in Chicago is Chicago", () => {
    const r = parseNoteTime('2026-11-30 21:12 CST', 'America/Chicago');
    expect(r?.at.toISOString()).toBe('2026-12-01T03:12:00.000Z');
    expect(r?.sourceTz).toBe('America/Chicago CST (UTC-06:00)');
    // The same text from a viewer whose clock does not say CST keeps the table's reading.
    expect(parseNoteTime('2026-11-30 21:12 CST', 'Asia/Tokyo')?.at.toISOString()).toBe('2026-11-30T13:12:00.000Z');
  });

  it('reads in UTC when the viewer is in UTC', () => {
    expect(parseNoteTime('2026-11-30 21:12', 'UTC')).toEqual({ at: new Date('2026-11-30T21:12:00Z'), sourceTz: null });
  });

  it('refuses what it cannot read rather than guess a zone', () => {
    expect(parseNoteTime('yesterday-ish', 'America/Chicago')).toBeNull();
    expect(parseNoteTime('Nov 30 2026', 'America/Chicago')).toBeNull();
  });
});
