import { parseCadence } from '@/lib/rca/parse-cadence';

/**
 * Reads a cadence a person typed and says plainly why it cannot be kept:
 * an interval of zero or below, one longer than a day (an incident cadence
 * that long is a typo for minutes, and nobody watches it), or none at all.
 * Every message names the value that was typed. Pure: the action and its
 * tests share it.
 */
export const MAX_CADENCE_MINUTES = 24 * 60;

export type CadenceReading = { ok: true; text: string; everyMinutes: number } | { ok: false; message: string };

// "every 0 minutes", "every -5 min", "every 0.2 minutes": a number is there, whatever the parser makes of it.
const EVERY_NUMBER =
  /\bevery\s+([-−]?\s*\d+(?:[.,]\d+)?|[-−]?\s*[.,]\d+)\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d)\b/i;

const UNIT_MINUTES = (unit: string) => (/^h/i.test(unit) ? 60 : /^d/i.test(unit) ? 1440 : 1);

export function readCadence(typed: string): CadenceReading {
  const text = typed.trim();
  const numbered = EVERY_NUMBER.exec(text);
  if (numbered) {
    const said = numbered[0];
    const amount = Number((numbered[1] ?? '').replace(/[−\s]/g, (c) => (c === '−' ? '-' : '')).replace(',', '.'));
    const minutes = amount * UNIT_MINUTES(numbered[2] ?? '');
    if (amount < 0)
      return { ok: false, message: `"${said}" is a negative interval: say how often, e.g. "every 15 minutes".` };
    if (minutes < 1)
      return {
        ok: false,
        message: `"${said}" never comes round: a cadence needs an interval of at least 1 minute, e.g. "every 15 minutes".`,
      };
    if (minutes > MAX_CADENCE_MINUTES)
      return {
        ok: false,
        message: `"${said}" is longer than a day: an incident cadence is at most every 24 hours (did you mean minutes?).`,
      };
  }
  const parsed = parseCadence(text);
  if (!parsed)
    return {
      ok: false,
      message: `"${text}" has no interval warroom can read: write it like "every 30 minutes", "every 2 hours" or "hourly".`,
    };
  if (parsed.everyMinutes > MAX_CADENCE_MINUTES)
    return {
      ok: false,
      message: `"${text}" is longer than a day: an incident cadence is at most every 24 hours.`,
    };
  return { ok: true, text: parsed.text, everyMinutes: parsed.everyMinutes };
}

/**
 * Who a cadence from an imported communication plan is for: a plan's status
 * updates are promises to the people affected (public), unless the line says
 * it is for the team.
 */
export function planCadenceAudience(text: string): 'internal' | 'public' {
  return /\b(internal|team|exec(?:utive)?s?|engineering|leadership|stand-?up|on-?call)\b/i.test(text)
    ? 'internal'
    : 'public';
}
