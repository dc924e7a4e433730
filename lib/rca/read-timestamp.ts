import { DEFAULT_ZONE_OFFSETS } from './suggest-timeline';

/**
 * Timestamps the way post-mortems write them at the start of a timeline
 * entry, in English, French, German and Japanese: "2017/01/31 23:27 UTC",
 * "05-30 14:20", "[14h02]", "09:14 Uhr", "5月30日 14:20", "1:58 PM",
 * "Tuesday, February 11", "12.09.2024", "[???]". Each regex reads one piece
 * of one text node's text (a list item's first line, a table cell, a
 * heading), never raw document lines.
 */

export interface WrittenDate {
  year: number | null;
  month: number;
  day: number;
}

export interface WrittenClock {
  hour: number;
  minute: number;
  second: number;
}

export interface WrittenTimestamp {
  /** The timestamp as written, without brackets ("2017/01/31 23:27 UTC", "???"). */
  text: string;
  /** What follows it, the separator (":", "—", "-", "]") removed. */
  rest: string;
  date: WrittenDate | null;
  clock: WrittenClock | null;
  /** The zone as written ("UTC", "PDT", "+02:00", "JST"), when it names a known one. */
  zone: string | null;
  /** "[???]": the author says the time is not known. */
  unknown: boolean;
}

/** Minutes east of UTC; suggest-timeline's table plus the German and a few more names. */
const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  ...DEFAULT_ZONE_OFFSETS,
  MEZ: 60,
  MESZ: 120,
  HST: -600,
  AKST: -540,
  AKDT: -480,
  NZST: 720,
  NZDT: 780,
};

const MONTH_NAMES: ReadonlyArray<[RegExp, number]> = [
  [/^(jan(uary)?|janv(ier)?|januar|jän(ner)?)$/i, 1],
  [/^(feb(ruary)?|févr?(ier)?|fevr?(ier)?|februar)$/i, 2],
  [/^(mar(ch)?|mars|märz|maerz|mrz)$/i, 3],
  [/^(apr(il)?|avr(il)?)$/i, 4],
  [/^(may|mai)$/i, 5],
  [/^(june?|juin|juni)$/i, 6],
  [/^(july?|juil(let)?|juli)$/i, 7],
  [/^(aug(ust)?|août|aout)$/i, 8],
  [/^(sept?(ember)?|septembre)$/i, 9],
  [/^(oct(ober)?|okt(ober)?|octobre)$/i, 10],
  [/^(nov(ember)?|novembre)$/i, 11],
  [/^(dec(ember)?|déc(embre)?|dez(ember)?)$/i, 12],
];
const MONTH_WORD = String.raw`([A-Za-zÀ-ÿ]{3,9})\.?`;
const WEEKDAY = new RegExp(
  String.raw`^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|(?:mo|di|mi|do|fr|sa|so)\.)\.?,?\s+`,
  'i',
);
const JA_WEEKDAY = String.raw`(?:\s*[（(][月火水木金土日][)）])?`;

type DateReader = (match: RegExpExecArray) => WrittenDate | null;

const DATE_PATTERNS: ReadonlyArray<[RegExp, DateReader]> = [
  [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/, (m) => ymd(num(m[1]), num(m[2]), num(m[3]))],
  [
    new RegExp(String.raw`^(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日${JA_WEEKDAY}`),
    (m) => ymd(num(m[1]), num(m[2]), num(m[3])),
  ],
  [new RegExp(String.raw`^(\d{1,2})月\s*(\d{1,2})日${JA_WEEKDAY}`), (m) => ymd(null, num(m[1]), num(m[2]))],
  // German day-first: "12.09.2024", "30.05."
  [/^(\d{1,2})\.(\d{1,2})\.(\d{4})?(?!\d)/, (m) => ymd(m[3] ? num(m[3]) : null, num(m[2]), num(m[1]))],
  // "Feb 11", "February 11th, 2025"
  [
    new RegExp(String.raw`^${MONTH_WORD}\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?(?![\d:])`),
    (m) => namedDate(m[1] ?? '', num(m[2]), m[3]),
  ],
  // "14 mars 2024", "1er juin", "12. September 2024", "31 Jan"
  [
    new RegExp(String.raw`^(\d{1,2})(?:er|\.)?\s+${MONTH_WORD}(?:\s+(\d{4}))?(?![\d:])`),
    (m) => namedDate(m[2] ?? '', num(m[1]), m[3]),
  ],
  // "05-30 14:20", "5/30 2:20 PM": numeric month-day only when a time follows
  [/^(\d{1,2})[-/](\d{1,2})(?=[\sT]+\d{1,2}[:h時])/, (m) => ymd(null, num(m[1]), num(m[2]))],
];

const CLOCK_PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => WrittenClock | null]> = [
  [
    /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([AaPp])\.?[Mm]\.?(?![A-Za-z]))?/,
    (m) => clock(num(m[1]), num(m[2]), m[3] ? num(m[3]) : 0, m[4]),
  ],
  [/^(\d{1,2})\s?h\s?(\d{2})(?!\d)/, (m) => clock(num(m[1]), num(m[2]), 0, undefined)],
  [
    /^(\d{1,2})時(?:(\d{1,2})分)?(?:(\d{1,2})秒)?/,
    (m) => clock(num(m[1]), m[2] ? num(m[2]) : 0, m[3] ? num(m[3]) : 0, undefined),
  ],
];

// A range's end ("14:20–14:35") and the words that follow a clock ("Uhr", "頃").
const CLOCK_TAIL =
  /^(?:\s*[-–—~〜]\s*\d{1,2}(?::\d{2}|h\d{2}|時(?:\d{1,2}分)?)(?:\s*[AaPp]\.?[Mm]\.?)?)?(?:\s*Uhr\b|\s*(?:頃|ごろ))?/;
const ZONE_TOKEN =
  /^\s*[(（]?(Z(?![A-Za-z])|(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|[A-Z]{2,5}(?![A-Za-z])|日本時間)[)）]?/;
const UNKNOWN = /^(\?{2,}|\?\?:\?\?|unknown|inconnue?|unbekannt|不明)(?![\p{L}])/iu;
const OPENERS = /^(?:[[(（【]\s*)?(?:~|≈|ca\.\s*|approx\.\s*|约|約)?\s*/;
const SEPARATOR = /^\s*[\])）】]?\s*(?:[-–—:|>：]+\s*)?/;

/** The timestamp a text starts with, or null. */
export function readLeadingTimestamp(input: string): WrittenTimestamp | null {
  const text = input.trim();
  const opener = OPENERS.exec(text)?.[0] ?? '';
  let at = opener.length;

  const unknown = UNKNOWN.exec(text.slice(at));
  if (unknown) {
    const end = at + unknown[0].length;
    return {
      text: unknown[0],
      rest: stripSeparator(text.slice(end)),
      date: null,
      clock: null,
      zone: null,
      unknown: true,
    };
  }

  const weekday = WEEKDAY.exec(text.slice(at));
  const start = at;
  if (weekday) at += weekday[0].length;

  let date: WrittenDate | null = null;
  for (const [pattern, read] of DATE_PATTERNS) {
    const match = pattern.exec(text.slice(at));
    if (!match) continue;
    date = read(match);
    if (date) at += match[0].length;
    break;
  }

  let clockAt = at;
  if (date) clockAt += /^(?:T|,?\s*(?:[Aa]t|à|um)?\s*)/.exec(text.slice(at))?.[0].length ?? 0;
  let written: WrittenClock | null = null;
  for (const [pattern, read] of CLOCK_PATTERNS) {
    const match = pattern.exec(text.slice(clockAt));
    if (!match) continue;
    written = read(match);
    if (written)
      at = clockAt + match[0].length + (CLOCK_TAIL.exec(text.slice(clockAt + match[0].length))?.[0].length ?? 0);
    break;
  }
  if (!date && !written) return null;

  let zone: string | null = null;
  const zoneMatch = written ? ZONE_TOKEN.exec(text.slice(at)) : null;
  if (zoneMatch?.[1] && zoneOffsetMinutes(zoneMatch[1]) !== undefined) {
    zone = zoneMatch[1];
    at += zoneMatch[0].length;
  }
  // A date must stand alone ("2017-01-31", "Feb 11:"), not start a word ("12.5 GB").
  const next = text.slice(at);
  if (!written && /^[\p{L}\d]/u.test(next)) return null;

  return {
    text: text.slice(start, at).trim(),
    rest: stripSeparator(next),
    date,
    clock: written,
    zone,
    unknown: false,
  };
}

/** A date the text starts with ("2017-01-31", "14 mars 2024", "2023年5月31日"), for the document's date. */
export function readLeadingDate(text: string): WrittenDate | null {
  return readLeadingTimestamp(text)?.date ?? null;
}

/** Minutes east of UTC for a zone as written, or undefined when it is not one we know. */
export function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === '日本時間') return ZONE_OFFSETS.JST;
  const numeric = /^(?:UTC|GMT)?\s?([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  return ZONE_OFFSETS[zone.toUpperCase()];
}

const ZONE_WORD = /(?<![A-Za-z])(UTC|GMT|[A-Z]{2,5})(?![A-Za-z])|日本時間/g;

/** The first known zone named in a text ("All times PDT", "Time (UTC)", "日本時間（JST）"). */
export function findZone(text: string): string | null {
  for (const match of text.matchAll(ZONE_WORD)) {
    const zone = match[1] ?? match[0];
    if (zoneOffsetMinutes(zone) !== undefined) return zone === '日本時間' ? 'JST' : zone;
  }
  return null;
}

/** The instant, ISO-8601 UTC, of a wall-clock time in a zone offset; null for an impossible date. */
export function toInstant(
  date: Required<{ [K in keyof WrittenDate]: number }>,
  time: WrittenClock,
  offset: number,
): string | null {
  const local = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute, time.second);
  if (new Date(local).getUTCDate() !== date.day) return null;
  return new Date(local - offset * 60_000).toISOString();
}

function stripSeparator(rest: string): string {
  return rest.replace(SEPARATOR, '').trim();
}

/** A regex group as a number; NaN when the group did not take part (the readers then refuse it). */
function num(group: string | undefined): number {
  return Number(group);
}

function ymd(year: number | null, month: number, day: number): WrittenDate | null {
  if (!Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day };
}

function namedDate(word: string, day: number, year: string | undefined): WrittenDate | null {
  const month = MONTH_NAMES.find(([pattern]) => pattern.test(word))?.[1];
  return month ? ymd(year ? +year : null, month, day) : null;
}

function clock(hour: number, minute: number, second: number, meridiem: string | undefined): WrittenClock | null {
  if (![hour, minute, second].every(Number.isInteger)) return null;
  if (minute > 59 || second > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    return { hour: (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0), minute, second };
  }
  return hour <= 23 ? { hour, minute, second } : null;
}
