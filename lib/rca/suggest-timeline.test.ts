import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan';
import { findTimestamps, suggestTimeline } from './suggest-timeline';
import type { Finding } from './types';

const fixture = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/tms-rca.md'), 'utf8');

function finding(overrides: Partial<Finding>): Finding {
  return {
    title: 'F',
    severity: null,
    status: null,
    rootCause: null,
    evidence: [],
    impact: null,
    codeLocation: null,
    details: null,
    ...overrides,
  };
}

describe('suggestTimeline on the fixture', () => {
  it('offers the frontend outage start once, CST read as UTC+8', () => {
    expect(suggestTimeline(parsePlan(fixture).findings)).toEqual([
      {
        at: '2026-01-08T05:54:07.000Z',
        originalText: 'Jan 8, 2026 13:54:07 CST',
        timeZone: 'CST',
        utcOffset: '+08:00',
        zoneAssumed: false,
        summary:
          'Issue 1: Frontend Service Down (503 Errors): Frontend service has been down since Jan 8, 2026 13:54:07 CST',
        source: { finding: 'Issue 1: Frontend Service Down (503 Errors)', field: 'status' },
      },
    ]);
  });

  it('lets a US team read CST as UTC-6', () => {
    const [event] = suggestTimeline(parsePlan(fixture).findings, { zoneOffsets: { CST: -360 } });
    expect(event?.at).toBe('2026-01-08T19:54:07.000Z');
    expect(event?.utcOffset).toBe('-06:00');
  });
});

describe('suggestTimeline on evidence', () => {
  it('reads the systemd line in evidence, sorted by time, one per instant per finding', () => {
    const events = suggestTimeline([
      finding({
        title: 'API down',
        status: 'Ongoing',
        evidence: [
          {
            kind: 'code',
            lang: null,
            code: 'Active: failed (Result: exit-code) since Thu 2026-01-08 13:54:07 CST\nrestarted 2026-01-08T04:00:00Z',
          },
        ],
      }),
    ]);
    expect(events.map((e) => [e.at, e.originalText, e.summary])).toEqual([
      ['2026-01-08T04:00:00.000Z', '2026-01-08T04:00:00Z', 'API down: restarted 2026-01-08T04:00:00Z'],
      [
        '2026-01-08T05:54:07.000Z',
        'Thu 2026-01-08 13:54:07 CST',
        'API down: Active: failed (Result: exit-code) since Thu 2026-01-08 13:54:07 CST',
      ],
    ]);
  });
});

describe('findTimestamps', () => {
  it('reads numeric offsets, day-first dates and 12-hour clocks', () => {
    const found = findTimestamps('from 2026-03-01 10:00:00 +05:30 to 2 Mar 2026 1:15 PM JST');
    expect(found.map((f) => [f.at, f.timeZone, f.utcOffset])).toEqual([
      ['2026-03-01T04:30:00.000Z', '+05:30', '+05:30'],
      ['2026-03-02T04:15:00.000Z', 'JST', '+09:00'],
    ]);
  });

  it('assumes the default zone when none is written, and says so', () => {
    const [stamp] = findTimestamps('2026-01-08 13:54:07 ERROR listen EADDRINUSE', { defaultZone: 'CST' });
    expect(stamp).toMatchObject({
      at: '2026-01-08T05:54:07.000Z',
      originalText: '2026-01-08 13:54:07',
      timeZone: 'CST',
      zoneAssumed: true,
    });
  });

  it('ignores dates without a time and impossible dates', () => {
    expect(findTimestamps('running since Jan 08; on 2026-02-30 10:00 UTC; at 2026-01-01 25:00 UTC')).toEqual([]);
  });
});
