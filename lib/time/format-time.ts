/**
 * Every absolute time the console shows, in one place. A time on screen
 * always names its zone ("2026-11-30 21:12 CST") because responders in three
 * zones read the same timeline at 3 a.m.; the full UTC instant goes on hover.
 * Pure and isomorphic: the server renders with it, and so does <Time>.
 */

export const UTC = 'UTC';

/** The cookie the browser writes its IANA zone into, so the server can render in it (components/ui/viewer-zone.tsx). */
export const VIEWER_ZONE_COOKIE = 'warroom-tz';

export function isTimeZone(zone: string | null | undefined): zone is string {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type TimeStyle = 'datetime' | 'time';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${seconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: seconds ? '2-digit' : undefined,
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(key, f);
  }
  return f;
}

type Parts = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'timeZoneName', string>;

function partsOf(date: Date, zone: string, seconds: boolean): Parts {
  const out = { year: '', month: '', day: '', hour: '', minute: '', second: '', timeZoneName: '' };
  for (const p of formatter(zone, seconds).formatToParts(date)) {
    if (p.type in out) out[p.type as keyof Parts] = p.value;
  }
  return out;
}

/** "2026-11-30 21:12 CST" (or "21:12 CST" for style 'time'); zones without a short name read "GMT+1". */
export function formatTime(
  at: Date | string,
  zone: string,
  { style = 'datetime', seconds = false }: { style?: TimeStyle; seconds?: boolean } = {},
): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return 'invalid time';
  const p = partsOf(date, zone, seconds);
  const clock = `${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
  const name = zone === UTC ? UTC : p.timeZoneName;
  return style === 'time' ? `${clock} ${name}` : `${p.year}-${p.month}-${p.day} ${clock} ${name}`;
}

/** The unambiguous instant for a tooltip: "2026-12-01 03:12:00 UTC". */
export function formatUtc(at: Date | string): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

/** The zone's short name at that instant ("CST" in winter, "CDT" in summer). */
export function zoneAbbreviation(zone: string, at: Date = new Date()): string {
  return zone === UTC ? UTC : partsOf(at, zone, false).timeZoneName;
}

/** "just now", "12 min ago", "3 h 5 min ago", "2 d ago" — coarse on purpose: it is read at a glance. */
export function formatAgo(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / 60_000);
  if (m < 1) return 'just now';
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min ago` : `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** Minutes east of UTC that `zone` is at the instant `utcMs`. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  const p = partsOf(new Date(utcMs), zone, true);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/**
 * The instant a wall-clock time in `zone` names: 2026-11-30 21:12 in
 * America/Chicago is 2026-12-01T03:12Z. Offsets change with DST, so the
 * offset is taken at the guessed instant and checked once more; a time that
 * falls in the spring-forward gap reads with the offset before the jump (02:30 → 03:30 CDT).
 */
export function wallTimeToUtc(t: WallTime, zone: string): Date {
  const local = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const first = zoneOffsetMinutes(zone, local);
  let utc = local - first * 60_000;
  const second = zoneOffsetMinutes(zone, utc);
  if (second !== first) {
    // Near a change the second offset is right only if it holds at the instant it gives.
    const alt = local - second * 60_000;
    if (zoneOffsetMinutes(zone, alt) === second) utc = alt;
  }
  return new Date(utc);
}

/** "UTC-06:00" for an offset in minutes. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
