import { describe, expect, it } from 'vitest';
import { parseWholeMarkdownTree } from './markdown-tree';
import { findZone, readLeadingTimestamp, toInstant, zoneOffsetMinutes } from './read-timestamp';

describe('readLeadingTimestamp', () => {
  it.each([
    [
      '2017/01/31 23:27 UTC: Data removed',
      '2017/01/31 23:27 UTC',
      { year: 2017, month: 1, day: 31 },
      [23, 27],
      'UTC',
      'Data removed',
    ],
    ['[05-30 14:20] Config pushed', '05-30 14:20', { year: null, month: 5, day: 30 }, [14, 20], null, 'Config pushed'],
    ['[14h02] Alerte : refus', '14h02', null, [14, 2], null, 'Alerte : refus'],
    ['09:14 Uhr', '09:14 Uhr', null, [9, 14], null, ''],
    ['1:58 PM A dependency upgrade', '1:58 PM', null, [13, 58], null, 'A dependency upgrade'],
    ['10:15 AM EST: capacity', '10:15 AM EST', null, [10, 15], 'EST', 'capacity'],
    ['2026-01-12T05:54:07Z — up', '2026-01-12T05:54:07Z', { year: 2026, month: 1, day: 12 }, [5, 54], 'Z', 'up'],
    ['5月30日 14:20 連絡が入る', '5月30日 14:20', { year: null, month: 5, day: 30 }, [14, 20], null, '連絡が入る'],
    ['14時20分頃 検知', '14時20分頃', null, [14, 20], null, '検知'],
    ['12.09.2024', '12.09.2024', { year: 2024, month: 9, day: 12 }, null, null, ''],
    ['Tuesday, February 11', 'Tuesday, February 11', { year: null, month: 2, day: 11 }, null, null, ''],
    [
      '14 mars 2024 à 14h02 : alerte',
      '14 mars 2024 à 14h02',
      { year: 2024, month: 3, day: 14 },
      [14, 2],
      null,
      'alerte',
    ],
    ['14:20–14:35 (UTC) rollback', '14:20–14:35 (UTC)', null, [14, 20], 'UTC', 'rollback'],
  ])('reads %j', (input, text, date, clock, zone, rest) => {
    const stamp = readLeadingTimestamp(input);
    expect(stamp).toMatchObject({ text, date, zone, rest, unknown: false });
    expect(stamp?.clock ? [stamp.clock.hour, stamp.clock.minute] : null).toEqual(clock);
  });

  it('reads "[???]" as a time the author does not know', () => {
    expect(readLeadingTimestamp('[???] — cache node lost')).toMatchObject({
      text: '???',
      unknown: true,
      rest: 'cache node lost',
    });
  });

  it.each([
    'Fix 1-2',
    '15 mins',
    '2-4 hours',
    'HH:MM — what happened',
    'v2.4.0 released',
    '2.4.0 released',
    '3.5 million users',
    'Monitoring was silent',
    'March 2024 saw three outages',
    'Step 3: restart',
    '25:00 is not a time',
    '12:75 neither',
  ])('finds no timestamp at the start of %j', (input) => {
    expect(readLeadingTimestamp(input)).toBeNull();
  });
});

describe('zones', () => {
  it('knows abbreviations, numeric offsets and 日本時間', () => {
    expect(zoneOffsetMinutes('PDT')).toBe(-420);
    expect(zoneOffsetMinutes('MESZ')).toBe(120);
    expect(zoneOffsetMinutes('+05:30')).toBe(330);
    expect(zoneOffsetMinutes('UTC+9')).toBe(540);
    expect(zoneOffsetMinutes('日本時間')).toBe(540);
    expect(zoneOffsetMinutes('ALERT')).toBeUndefined();
  });

  it('finds the zone a sentence states, not a shouting word', () => {
    expect(findZone('All times in this document are UTC.')).toBe('UTC');
    expect(findZone('Times are Pacific (PDT).')).toBe('PDT');
    expect(findZone('本報告書の時刻はすべて日本時間（JST）です。')).toBe('JST');
    expect(findZone('ALERT fired, SLA breached')).toBeNull();
  });

  it('turns a wall-clock time into UTC and refuses impossible dates', () => {
    expect(toInstant({ year: 2021, month: 6, day: 29 }, { hour: 6, minute: 17, second: 0 }, -420)).toBe(
      '2021-06-29T13:17:00.000Z',
    );
    expect(toInstant({ year: 2026, month: 2, day: 30 }, { hour: 0, minute: 0, second: 0 }, 0)).toBeNull();
  });
});

describe('front matter in the tree', () => {
  it('is one yaml or toml node, and a lone --- stays a thematic break', () => {
    expect(parseWholeMarkdownTree('---\ntitle: x\n---\n# T\n').children.map((c) => c.type)).toEqual([
      'yaml',
      'heading',
    ]);
    expect(parseWholeMarkdownTree('+++\ntitle = "x"\n+++\n# T\n').children[0]?.type).toBe('toml');
    expect(parseWholeMarkdownTree('---\n# T\n').children.map((c) => c.type)).toEqual(['thematicBreak', 'heading']);
  });
});
