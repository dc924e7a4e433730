import { formatUtcTime } from './cadence';

/**
 * The prefilled status update: what changed since the last published one,
 * read from the timeline, for a person to edit before publishing. Pure.
 */
export type DraftEvent = {
  kind: string;
  summary: string;
  at: Date;
  data?: Record<string, unknown> | null;
};

export type DraftInput = {
  status: string;
  severity: string;
  /** Timeline events after the last published update, oldest first. */
  events: DraftEvent[];
  /** When the last update was published; null for the first one. */
  since: Date | null;
  /** Current state of checklist items the events mention (id → text, done). */
  items?: Record<string, { text: string; done: boolean }>;
  /** When the next update is owed (now + the shortest cadence), if there is a cadence. */
  nextUpdateBy: Date | null;
};

export function draftStatusUpdate(input: DraftInput): string {
  const { events } = input;
  const statusChange = firstAndLast(events.filter((e) => e.kind === 'status'));
  const severityChange = firstAndLast(events.filter((e) => e.kind === 'severity'));

  const head: string[] = [];
  const wasStatus = statusChange && str(statusChange.first.data?.from);
  head.push(
    wasStatus && wasStatus !== input.status
      ? `Status: ${input.status} (was ${wasStatus}).`
      : `Status: ${input.status}.`,
  );
  const wasSeverity = severityChange && str(severityChange.first.data?.from);
  if (wasSeverity && wasSeverity !== input.severity) head.push(`Severity: ${input.severity} (was ${wasSeverity}).`);

  const lines = [head.join(' ')];
  const done = doneItems(events, input.items ?? {});
  if (done.length) lines.push(`Done${input.since ? ` since ${formatUtcTime(input.since)}` : ''}: ${done.join(', ')}.`);

  const runs = events.filter((e) => e.kind.startsWith('playbook')).map((e) => e.summary.trim());
  if (runs.length) lines.push(`Runs: ${runs.map(sentence).join(' ')}`);

  const notes = events
    // Only what people wrote: role changes name people, and imports and comms events are about the update itself.
    .filter((e) => e.kind === 'note' || e.kind === 'impact-start')
    .map((e) => e.summary.trim())
    .filter(Boolean);
  if (notes.length) lines.push(`Notes: ${notes.map(sentence).join(' ')}`);

  if (input.nextUpdateBy) lines.push(`Next update by ${formatUtcTime(input.nextUpdateBy)}.`);
  return lines.join('\n');
}

/** Items ticked in these events and still done now, in the order they were ticked. */
function doneItems(events: DraftEvent[], items: Record<string, { text: string; done: boolean }>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of events) {
    if (e.kind !== 'checklist' || !/^Ticked\b/.test(e.summary)) continue;
    const itemId = str(e.data?.itemId);
    const current = itemId ? items[itemId] : undefined;
    if (current && !current.done) continue;
    const text = current?.text ?? quotedText(e.summary);
    if (!text || seen.has(itemId ?? text)) continue;
    seen.add(itemId ?? text);
    out.push(text);
  }
  return out;
}

function quotedText(summary: string): string | null {
  const m = /^Ticked\s+"(.*)"$/s.exec(summary.trim());
  return m?.[1] ?? null;
}

function firstAndLast(events: DraftEvent[]): { first: DraftEvent; last: DraftEvent } | null {
  const [first] = events;
  const last = events.at(-1);
  return first && last ? { first, last } : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
