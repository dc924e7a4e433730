import type { Finding } from './types';

/**
 * Timestamps in the findings ("Active: failed … since Thu 2026-01-08 13:54:07
 * CST", "down since Jan 8, 2026 13:54:07 CST") are offered to the commander as
 * backdated timeline events. Pure: text in, suggestions out; nothing is stored
 * until a human accepts one.
 */
export interface SuggestedTimelineEvent {
  /** The instant in UTC, ISO 8601. */
  at: string;
  /** The timestamp exactly as it appears in the document. */
  originalText: string;
  /** The zone as written ("CST"), or the default zone when none was written. */
  timeZone: string;
  /** Offset the zone was read with, "+08:00". */
  utcOffset: string;
  /** True when the text named no zone and `defaultZone` was assumed. */
  zoneAssumed: boolean;
  /** "<finding title>: <the line the timestamp is on>". */
  summary: string;
  source: { finding: string; field: 'status' | 'evidence' | 'rootCause' | 'details' };
}

/**
 * Zone abbreviations → minutes east of UTC. Abbreviations are ambiguous, so
 * this table is the explicit, overridable assumption:
 * - CST is China Standard Time (+08:00): the reference incident runs on
 *   Alibaba Cloud in China and its systemd logs print CST. US Central
 *   Standard Time (−06:00) teams pass `{ zoneOffsets: { CST: -360 } }`.
 * - IST is India Standard Time (+05:30), not Irish or Israel time.
 */
export const DEFAULT_ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  CST: 480,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  PHT: 480,
  JST: 540,
  KST: 540,
  IST: 330,
  AEST: 600,
  AEDT: 660,
  BST: 60,
  CET: 60,
  WEST: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

export interface SuggestTimelineOptions {
  zoneOffsets?: Readonly<Record<string, number>>;
  /** Zone assumed for timestamps that name none. */
  defaultZone?: string;
}

export function suggestTimeline(
  findings: readonly Finding[],
  options: SuggestTimelineOptions = {},
): SuggestedTimelineEvent[] {
  const suggestions: SuggestedTimelineEvent[] = [];
  for (const finding of findings) {
    for (const { field, text } of textsOf(finding)) {
      for (const { index, ...found } of findTimestamps(text, options)) {
        // systemd's "since Thu 2026-01-08 13:54:07 CST" repeats the status line's instant.
        const duplicate = suggestions.some((s) => s.source.finding === finding.title && s.at === found.at);
        if (duplicate) continue;
        suggestions.push({
          ...found,
          summary: `${finding.title}: ${lineAround(text, index)}`,
          source: { finding: finding.title, field },
        });
      }
    }
  }
  return suggestions.sort((a, b) => a.at.localeCompare(b.at));
}

function textsOf(finding: Finding): Array<{ field: SuggestedTimelineEvent['source']['field']; text: string }> {
  const texts: Array<{ field: SuggestedTimelineEvent['source']['field']; text: string }> = [];
  if (finding.status) texts.push({ field: 'status', text: finding.status });
  for (const evidence of finding.evidence) {
    texts.push({ field: 'evidence', text: evidence.kind === 'code' ? evidence.code : evidence.text });
  }
  if (finding.rootCause) texts.push({ field: 'rootCause', text: finding.rootCause });
  if (finding.details) texts.push({ field: 'details', text: finding.details });
  return texts;
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text
    .slice(start, end === -1 ? undefined : end)
    .trim()
    .slice(0, 200);
}

// ---------------------------------------------------------------------------
// Timestamp recognition (regexes over one finding's text, not the document)

export interface FoundTimestamp {
  at: string;
  originalText: string;
  timeZone: string;
  utcOffset: string;
  zoneAssumed: boolean;
  /** Where in the text the timestamp starts. */
  index: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAY = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?`;
const MONTH_NAME = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([ap]\.?m\.?))?`;
const ZONE = String.raw`(?:\s*(Z|[+-]\d{2}:?\d{2}|\(?[A-Z]{1,5}\)?)(?![A-Za-z]))?`;

// 2026-01-08 13:54:07 CST, Thu 2026-01-08T13:54:07+08:00
const ISO_STAMP = new RegExp(String.raw`\b${WEEKDAY}(\d{4})-(\d{2})-(\d{2})[T\s]+${TIME}${ZONE}`, 'gi');
// Jan 8, 2026 13:54:07 CST, Thursday, January 8th 2026 at 1:54 PM CST
const MONTH_FIRST_STAMP = new RegExp(
  String.raw`\b${WEEKDAY}${MONTH_NAME}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}),?\s+(?:at\s+)?${TIME}${ZONE}`,
  'gi',
);
// 8 Jan 2026 13:54:07 CST
const DAY_FIRST_STAMP = new RegExp(
  String.raw`\b${WEEKDAY}(\d{1,2})\s+${MONTH_NAME}\s+(\d{4}),?\s+(?:at\s+)?${TIME}${ZONE}`,
  'gi',
);

interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  meridiem: string | undefined;
  zone: string | undefined;
}

export function findTimestamps(text: string, options: SuggestTimelineOptions = {}): FoundTimestamp[] {
  const found: FoundTimestamp[] = [];
  const taken: Array<[number, number]> = [];
  const readers: Array<[RegExp, (m: RegExpExecArray) => DateParts]> = [
    [ISO_STAMP, (m) => parts(Number(m[1]), Number(m[2]), Number(m[3]), m, 4)],
    [MONTH_FIRST_STAMP, (m) => parts(Number(m[3]), monthNumber(m[1] ?? ''), Number(m[2]), m, 4)],
    [DAY_FIRST_STAMP, (m) => parts(Number(m[3]), monthNumber(m[2] ?? ''), Number(m[1]), m, 4)],
  ];
  for (const [pattern, read] of readers) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      if (taken.some(([s, e]) => start < e && start + match[0].length > s)) continue;
      const dateParts = read(match);
      const stamp = toTimestamp(dateParts, options);
      if (!stamp) continue;
      const zoneIgnored = dateParts.zone !== undefined && !stamp.zoneMatched;
      const originalText = zoneIgnored ? trimZone(match[0]) : match[0].trim();
      taken.push([start, start + match[0].length]);
      found.push({ ...stamp.value, originalText, index: start });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

function parts(year: number, month: number, day: number, m: RegExpExecArray, timeGroup: number): DateParts {
  return {
    year,
    month,
    day,
    hour: Number(m[timeGroup]),
    minute: Number(m[timeGroup + 1]),
    second: m[timeGroup + 2] ? Number(m[timeGroup + 2]) : 0,
    meridiem: m[timeGroup + 3],
    zone: m[timeGroup + 4],
  };
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** When the token after the time is not a zone ("… 13:54:07 ERROR"), the match must not include it. */
function trimZone(matched: string): string {
  return matched.replace(/\s*\(?[A-Za-z]{1,5}\)?$/, '').trim();
}

function toTimestamp(
  p: DateParts,
  options: SuggestTimelineOptions,
): { value: Omit<FoundTimestamp, 'originalText' | 'index'>; zoneMatched: boolean } | null {
  const zones = { ...DEFAULT_ZONE_OFFSETS, ...options.zoneOffsets };
  const defaultZone = options.defaultZone ?? 'UTC';
  const written = p.zone?.replace(/[()]/g, '');
  const writtenOffset = written === undefined ? undefined : zoneOffsetMinutes(written, zones);
  const zoneMatched = writtenOffset !== undefined;
  const zone = zoneMatched ? written! : defaultZone;
  const offset = zoneMatched ? writtenOffset : zoneOffsetMinutes(defaultZone, zones);
  if (offset === undefined) return null;

  const hour = to24Hour(p.hour, p.meridiem);
  if (hour === null || p.minute > 59 || p.second > 59 || p.month < 1 || p.month > 12) return null;
  const localMs = Date.UTC(p.year, p.month - 1, p.day, hour, p.minute, p.second);
  if (new Date(localMs).getUTCDate() !== p.day) return null; // 2026-02-30 and friends

  return {
    value: {
      at: new Date(localMs - offset * 60_000).toISOString(),
      timeZone: zone,
      utcOffset: formatOffset(offset),
      zoneAssumed: !zoneMatched,
    },
    zoneMatched,
  };
}

function zoneOffsetMinutes(zone: string, zones: Readonly<Record<string, number>>): number | undefined {
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  return zones[zone.toUpperCase()];
}

function to24Hour(hour: number, meridiem: string | undefined): number | null {
  if (!meridiem) return hour <= 23 ? hour : null;
  if (hour < 1 || hour > 12) return null;
  const pm = meridiem.toLowerCase().startsWith('p');
  return (hour % 12) + (pm ? 12 : 0);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
