import { describe, expect, it } from 'vitest';
import {
  currentMissedDueAt,
  formatClock,
  formatUtcTime,
  isOverdue,
  missedSummary,
  missToRecord,
  msUntilDue,
  nextDueAt,
  overdueCadences,
  periodState,
  titleWithOverdue,
} from './cadence';

const t = (hhmm: string) => new Date(`2026-01-08T${hhmm}:00.000Z`);
const base = { everyMinutes: 15, startedAt: t('09:00'), lastSentAt: null, lastMissedAt: null };

describe('cadence clock', () => {
  it('is due one period after the start, or after the last update', () => {
    expect(nextDueAt(base)).toEqual(t('09:15'));
    expect(nextDueAt({ ...base, lastSentAt: t('09:07') })).toEqual(t('09:22'));
  });

  it('counts down, then is overdue from the due moment on', () => {
    expect(isOverdue(base, t('09:14'))).toBe(false);
    expect(msUntilDue(base, new Date(t('09:02').getTime() + 19_000))).toBe((12 * 60 + 41) * 1000);
    expect(isOverdue(base, t('09:15'))).toBe(true);
    expect(msUntilDue(base, new Date(t('09:18').getTime() + 5_000))).toBe(-(3 * 60 + 5) * 1000);
  });

  it('names the missed period now falls in', () => {
    expect(currentMissedDueAt(base, t('09:14'))).toBeNull();
    expect(currentMissedDueAt(base, t('09:15'))).toEqual(t('09:15'));
    expect(currentMissedDueAt(base, t('09:29'))).toEqual(t('09:15'));
    expect(currentMissedDueAt(base, t('09:30'))).toEqual(t('09:30'));
  });

  it('records each missed period exactly once', () => {
    expect(missToRecord(base, t('09:10'))).toBeNull();
    expect(missToRecord(base, t('09:16'))).toEqual({ dueAt: t('09:15'), periods: 1 });
    const recorded = { ...base, lastMissedAt: t('09:15') };
    expect(missToRecord(recorded, t('09:16'))).toBeNull();
    expect(missToRecord(recorded, t('09:29'))).toBeNull();
    expect(missToRecord(recorded, t('09:31'))).toEqual({ dueAt: t('09:30'), periods: 1 });
  });

  it('after a long gap records one event covering every skipped period', () => {
    expect(missToRecord(base, t('10:01'))).toEqual({ dueAt: t('10:00'), periods: 4 });
    expect(missToRecord({ ...base, lastMissedAt: t('09:30') }, t('10:01'))).toEqual({ dueAt: t('10:00'), periods: 2 });
  });

  it('starts afresh after an update: an old recorded miss does not hide the next one', () => {
    const afterUpdate = { ...base, lastMissedAt: t('09:15'), lastSentAt: t('09:20') };
    expect(missToRecord(afterUpdate, t('09:34'))).toBeNull();
    expect(missToRecord(afterUpdate, t('09:36'))).toEqual({ dueAt: t('09:35'), periods: 1 });
  });

  it('formats countdowns and UTC times', () => {
    expect(formatClock((12 * 60 + 41) * 1000 + 999)).toBe('12:41');
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(-5000)).toBe('0:00');
    expect(formatClock((3600 + 2 * 60 + 5) * 1000)).toBe('1:02:05');
    expect(formatUtcTime(t('09:05'))).toBe('09:05 UTC');
    expect(missedSummary(base, { dueAt: t('09:15'), periods: 1 })).toBe(
      'Missed status update: due 09:15 UTC, 15-minute cadence',
    );
    expect(missedSummary(base, { dueAt: t('10:00'), periods: 4 })).toBe(
      'Missed status update: due 10:00 UTC, 15-minute cadence (4 periods without an update)',
    );
  });
});

describe('a recurring item, done per period', () => {
  it('is open until the first due time, done for the period an update kept, and due again after it', () => {
    expect(periodState(base, t('09:10'))).toEqual({ kind: 'open', dueAt: t('09:15') });
    const kept = { ...base, lastSentAt: t('09:15') };
    expect(periodState(kept, t('09:20'))).toEqual({ kind: 'done', from: t('09:15'), until: t('09:30') });
    expect(periodState(kept, t('09:30'))).toEqual({ kind: 'due', since: t('09:30') });
    expect(periodState(base, t('09:40'))).toEqual({ kind: 'due', since: t('09:15') });
  });
});

describe('overdue for the list and the tab title', () => {
  it('lists the overdue cadences, none once resolved', () => {
    const late = { ...base, id: 'a' };
    const fresh = { ...base, id: 'b', lastSentAt: t('09:10') };
    expect(overdueCadences([late, fresh], t('09:16')).map((c) => c.id)).toEqual(['a']);
    expect(overdueCadences([late, fresh], t('09:16'), true)).toEqual([]);
  });

  it('adds and removes the prefix without stacking it', () => {
    const title = 'SEV1 · mitigating · TMS frontend down';
    const once = titleWithOverdue(title, true);
    expect(once).toBe(`⚠ overdue · ${title}`);
    expect(titleWithOverdue(once, true)).toBe(once);
    expect(titleWithOverdue(once, false)).toBe(title);
    expect(titleWithOverdue(title, false)).toBe(title);
  });
});
