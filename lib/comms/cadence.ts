/**
 * Cadence clock: pure, so the page's countdown, the browser notification
 * and the server's missed-update watcher agree on the same arithmetic.
 *
 * An update is owed `everyMinutes` after the last one (or after the cadence
 * started). Once that moment passes the cadence is overdue, and every
 * further `everyMinutes` without an update is another missed period. Each
 * missed period is recorded once: `lastMissedAt` holds the due time of the
 * last period recorded, so the check is idempotent whoever runs it.
 */
export type CadenceClock = {
  everyMinutes: number;
  startedAt: Date;
  lastSentAt: Date | null;
  lastMissedAt?: Date | null;
};

const MINUTE = 60_000;

export function periodMs(c: Pick<CadenceClock, 'everyMinutes'>): number {
  return Math.max(1, c.everyMinutes) * MINUTE;
}

/** When the owed update was due: the last one (or the start) plus one period. */
export function nextDueAt(c: CadenceClock): Date {
  const anchor = (c.lastSentAt ?? c.startedAt).getTime();
  return new Date(anchor + periodMs(c));
}

export function isOverdue(c: CadenceClock, now: Date): boolean {
  return now.getTime() >= nextDueAt(c).getTime();
}

/** Milliseconds until due (positive) or past due (negative). */
export function msUntilDue(c: CadenceClock, now: Date): number {
  return nextDueAt(c).getTime() - now.getTime();
}

/**
 * The due time of the period `now` falls in, once overdue: the first due
 * time, then one period later for each further period without an update.
 * Null while not overdue.
 */
export function currentMissedDueAt(c: CadenceClock, now: Date): Date | null {
  const first = nextDueAt(c).getTime();
  const t = now.getTime();
  if (t < first) return null;
  const periods = Math.floor((t - first) / periodMs(c));
  return new Date(first + periods * periodMs(c));
}

export type MissToRecord = { dueAt: Date; periods: number };

/**
 * The missed period to record now, or null if it is already recorded (or
 * nothing is overdue). `periods` counts the missed periods this record
 * covers: more than one only when nobody checked for a while (the server
 * was down), so a restart writes one event, not a burst.
 */
export function missToRecord(c: CadenceClock, now: Date): MissToRecord | null {
  const due = currentMissedDueAt(c, now);
  if (!due) return null;
  const first = nextDueAt(c).getTime();
  const lastRecorded = c.lastMissedAt?.getTime() ?? null;
  if (lastRecorded !== null && lastRecorded >= due.getTime()) return null;
  const fromIndex =
    lastRecorded !== null && lastRecorded >= first ? Math.round((lastRecorded - first) / periodMs(c)) + 1 : 0;
  const dueIndex = Math.round((due.getTime() - first) / periodMs(c));
  return { dueAt: due, periods: dueIndex - fromIndex + 1 };
}

/** "12:41", "1:02:05": a countdown or an overdue duration. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** "09:15 UTC": how the server names a time (it cannot know the reader's zone). */
export function formatUtcTime(d: Date): string {
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
}

export function missedSummary(c: Pick<CadenceClock, 'everyMinutes'>, miss: MissToRecord): string {
  const extra = miss.periods > 1 ? ` (${miss.periods} periods without an update)` : '';
  return `Missed status update: due ${formatUtcTime(miss.dueAt)}, ${c.everyMinutes}-minute cadence${extra}`;
}

/**
 * A recurring checklist item ("Status update every 15 minutes") is done per
 * period, not for ever: done from the update that kept the cadence until the
 * next one is owed, then due again. Before the first update it is open until
 * the first due time.
 */
export type PeriodState =
  { kind: 'done'; from: Date; until: Date } | { kind: 'open'; dueAt: Date } | { kind: 'due'; since: Date };

export function periodState(c: CadenceClock, now: Date): PeriodState {
  const due = nextDueAt(c);
  if (now.getTime() >= due.getTime()) return { kind: 'due', since: due };
  return c.lastSentAt ? { kind: 'done', from: c.lastSentAt, until: due } : { kind: 'open', dueAt: due };
}

export type AudienceCadence = CadenceClock & { audience: string };

/** The cadences overdue now (none once the incident is resolved): what the incident list and the tab title show. */
export function overdueCadences<C extends CadenceClock>(cadences: C[], now: Date, resolved = false): C[] {
  return resolved ? [] : cadences.filter((c) => isOverdue(c, now));
}

export const OVERDUE_TITLE_PREFIX = '⚠ overdue · ';

/** The tab title with or without the overdue prefix, whatever the title was before (idempotent both ways). */
export function titleWithOverdue(title: string, overdue: boolean): string {
  const base = title.startsWith(OVERDUE_TITLE_PREFIX) ? title.slice(OVERDUE_TITLE_PREFIX.length) : title;
  return overdue ? `${OVERDUE_TITLE_PREFIX}${base}` : base;
}
