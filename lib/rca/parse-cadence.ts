import type { Cadence } from './types';

/**
 * Reads a repeat interval out of one sentence: "Status update every 15
 * minutes", "every 30 min", "every half hour", "hourly", "every 2 hours".
 *
 * Used by the RCA parser (communication plans) and later for cadences a comms
 * lead types by hand, so it takes one piece of text, never a whole document.
 */
export function parseCadence(text: string): Cadence | null {
  const everyMinutes = findIntervalMinutes(text);
  if (everyMinutes === null) return null;
  return { text: text.trim(), everyMinutes };
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'forty-five': 45,
  sixty: 60,
  ninety: 90,
};

const MINUTES_PER_UNIT: Record<'minute' | 'hour' | 'day', number> = { minute: 1, hour: 60, day: 1440 };

// "every 15 minutes", "every five mins", "every 2 hrs", "every 1.5 hours"
const EVERY_N_UNITS = /\bevery\s+(\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)\s*(minutes?|mins?|m|hours?|hrs?|h|days?)\b/i;
// "every half hour", "every half-hour", "every quarter hour", "every hour", "every day"
const EVERY_NAMED_PERIOD = /\bevery\s+(half[\s-]?hour|quarter[\s-]?hour|hour|day)\b/i;
// "hourly", "half-hourly", "daily"
const ADVERB_PERIOD = /\b(half[\s-]?hourly|hourly|daily)\b/i;
const ADVERB_MINUTES: Record<string, number> = { halfhourly: 30, hourly: 60, daily: 1440 };

function findIntervalMinutes(text: string): number | null {
  const counted = EVERY_N_UNITS.exec(text);
  if (counted) {
    const amount = readAmount(counted[1] ?? '');
    const unit = canonicalUnit(counted[2] ?? '');
    if (amount !== null && amount > 0) {
      const minutes = Math.round(amount * MINUTES_PER_UNIT[unit]);
      if (minutes >= 1) return minutes;
    }
  }

  const named = EVERY_NAMED_PERIOD.exec(text);
  if (named) return namedPeriodMinutes(named[1] ?? '');

  const adverb = ADVERB_PERIOD.exec(text);
  if (adverb) return ADVERB_MINUTES[(adverb[1] ?? '').toLowerCase().replace(/[\s-]/g, '')] ?? null;

  return null;
}

function readAmount(word: string): number | null {
  if (/^\d/.test(word)) return Number(word);
  return NUMBER_WORDS[word.toLowerCase()] ?? null;
}

function canonicalUnit(unit: string): 'minute' | 'hour' | 'day' {
  const u = unit.toLowerCase();
  if (u.startsWith('h')) return 'hour';
  if (u.startsWith('d')) return 'day';
  return 'minute';
}

function namedPeriodMinutes(period: string): number {
  const p = period.toLowerCase().replace(/[\s-]/g, '');
  if (p === 'halfhour') return 30;
  if (p === 'quarterhour') return 15;
  if (p === 'day') return 1440;
  return 60;
}
