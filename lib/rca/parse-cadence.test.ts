import { describe, expect, it } from 'vitest';
import { parseCadence } from './parse-cadence';

describe('parseCadence', () => {
  it.each([
    ['Status update every 15 minutes', 15],
    ['post to #incident every 30 min', 30],
    ['every 5 mins', 5],
    ['Exec summary every half hour', 30],
    ['stakeholder email every half-hour', 30],
    ['every quarter hour', 15],
    ['Hourly customer update', 60],
    ['half-hourly sync', 30],
    ['Update leadership every 2 hours', 120],
    ['every 1.5 hours', 90],
    ['every hour on the hour', 60],
    ['every five minutes', 5],
    ['daily summary', 1440],
  ])('reads "%s" as every %i minutes', (text, everyMinutes) => {
    expect(parseCadence(text)).toEqual({ text, everyMinutes });
  });

  it('trims the text it keeps', () => {
    expect(parseCadence('  Status update every 15 minutes \n')).toEqual({
      text: 'Status update every 15 minutes',
      everyMinutes: 15,
    });
  });

  it.each([
    'Service down for > 1 minute',
    'Error rate > 5% for 5 minutes',
    'every team member',
    'update the runbooks',
    'every 0 minutes',
  ])('finds no cadence in "%s"', (text) => {
    expect(parseCadence(text)).toBeNull();
  });
});
