import { describe, expect, it } from 'vitest';
import { planCadenceAudience, readCadence } from './cadence-interval';

describe('readCadence', () => {
  it.each([
    ['Status update every 15 minutes', 15],
    ['Exec summary every 2 hours', 120],
    ['hourly', 60],
    ['every 24 hours', 1440],
    ['every 1 min', 1],
  ])('reads "%s" as every %i minutes', (text, minutes) => {
    expect(readCadence(text)).toEqual({ ok: true, text, everyMinutes: minutes });
  });

  it.each([
    [
      'Status update every 0 minutes',
      '"every 0 minutes" never comes round: a cadence needs an interval of at least 1 minute',
    ],
    ['every 0.5 min', '"every 0.5 min" never comes round'],
    ['every -5 minutes', '"every -5 minutes" is a negative interval'],
    ['every −10 min', '"every −10 min" is a negative interval'],
    ['every 2 days', '"every 2 days" is longer than a day'],
    ['every 25 hours', '"every 25 hours" is longer than a day'],
    ['every 1500 minutes', '"every 1500 minutes" is longer than a day'],
    ['whenever we can', '"whenever we can" has no interval warroom can read'],
    ['every so often', '"every so often" has no interval warroom can read'],
  ])('refuses "%s", naming the value', (text, message) => {
    const r = readCadence(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toContain(message);
    // One full stop at the end, never two.
    expect(r.ok ? '' : r.message).toMatch(/[^.]\.$|\?\)\.$/);
  });
});

describe('planCadenceAudience', () => {
  it("takes a plan's status updates as public, and the team's as internal", () => {
    expect(planCadenceAudience('Status update every 15 minutes')).toBe('public');
    expect(planCadenceAudience('Internal sync every 30 minutes')).toBe('internal');
    expect(planCadenceAudience('Exec summary hourly')).toBe('internal');
  });
});
