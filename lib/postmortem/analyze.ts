import type { Postmortem, PostmortemChecklist, PostmortemEvent } from './schema';

/**
 * Pure readings of a post-mortem: which events matter, how long each status
 * lasted, how checklist completion grew. Shared by the page and every renderer
 * so the Markdown, the PDF and the screen never disagree.
 */

export const STATUS_ORDER = ['investigating', 'identified', 'mitigating', 'monitoring', 'resolved'] as const;

/** Kinds that always belong in the post-mortem's short timeline. */
export const KEY_KINDS: ReadonlySet<string> = new Set([
  'status',
  'severity',
  'impact-start',
  'comms.update',
  'comms.missed',
  'import',
]);

export function isKeyEvent(e: PostmortemEvent): boolean {
  return e.key || KEY_KINDS.has(e.kind) || e.kind.startsWith('playbook') || isImportedChange(e);
}

/** A status or severity change that came back from a re-imported warroom export. */
function isImportedChange(e: PostmortemEvent): boolean {
  return e.kind === 'imported' && /^(Status [a-z]+|Severity \S+) → /.test(e.summary);
}

export function keyEvents(events: readonly PostmortemEvent[]): PostmortemEvent[] {
  return events.filter(isKeyEvent);
}

export type StatusPhase = { status: string; from: string; to: string };

/**
 * Status bands from the status-change events: the incident starts
 * investigating at its start (impact began, else detection) and each change
 * opens the next band; the last band runs to resolution, or to `until`.
 */
export function statusPhases(pm: Postmortem): StatusPhase[] {
  const start = pm.incident.startedAt ?? pm.incident.detectedAt;
  const until = pm.incident.resolvedAt ?? pm.generatedAt;
  const changes = pm.timeline
    .filter((e) => e.kind === 'status' || (isImportedChange(e) && e.summary.startsWith('Status ')))
    .map((e) => ({ at: e.at, to: statusNamed(e.summary) }))
    .filter((c): c is { at: string; to: string } => c.to !== null)
    .sort((a, b) => a.at.localeCompare(b.at));
  const phases: StatusPhase[] = [];
  let current = { status: 'investigating', from: start };
  for (const c of changes) {
    if (c.at < current.from) {
      current = { status: c.to, from: current.from };
      continue;
    }
    if (c.at > current.from) phases.push({ ...current, to: c.at });
    current = { status: c.to, from: c.at };
  }
  phases.push({ ...current, to: until > current.from ? until : current.from });
  return phases;
}

/** "Status investigating → identified" → "identified". */
function statusNamed(summary: string): string | null {
  const [, status] = /→\s*([a-z]+)\b/.exec(summary) ?? [];
  return status !== undefined && (STATUS_ORDER as readonly string[]).includes(status) ? status : null;
}

export type Completion = { done: number; total: number };

export function checklistCompletion(c: PostmortemChecklist): Completion {
  let done = 0;
  let total = 0;
  for (const g of c.groups)
    for (const i of g.items) {
      total++;
      if (i.done) done++;
    }
  return { done, total };
}

export function groupCompletion(items: readonly { done: boolean }[]): Completion {
  return { done: items.filter((i) => i.done).length, total: items.length };
}

export function percent({ done, total }: Completion): number {
  return total === 0 ? 0 : Math.round((done / total) * 100);
}

/** Items still open, with where they sit, for "what was left undone". */
export function undoneItems(checklists: readonly PostmortemChecklist[]) {
  return checklists.flatMap((c) =>
    c.groups.flatMap((g) =>
      g.items.filter((i) => !i.done).map((i) => ({ checklist: c.title, group: g.title, item: i })),
    ),
  );
}

export type CompletionPoint = { at: string; done: number };

/**
 * Checklist completion over time: one step per item that is ticked now, at
 * the time it was ticked (an item ticked, unticked and ticked again counts at
 * its last tick; items ticked in the source document count at import).
 */
export function completionSeries(checklists: readonly PostmortemChecklist[]): {
  total: number;
  points: CompletionPoint[];
} {
  const times: string[] = [];
  let total = 0;
  for (const c of checklists)
    for (const g of c.groups)
      for (const i of g.items) {
        total++;
        if (i.done && i.doneAt) times.push(i.doneAt);
      }
  times.sort();
  return { total, points: times.map((at, n) => ({ at, done: n + 1 })) };
}

/**
 * Deployment-checklist groups matched to fix phases by their titles
 * ("Immediate Deployment (Now)" ↔ immediate), so each phase of the fix plan
 * shows how much of its checklist was done.
 */
export function phaseCompletion(pm: Postmortem): Record<string, Completion | null> {
  const out: Record<string, Completion | null> = { immediate: null, medium: null, long: null };
  const words: Record<string, RegExp> = {
    immediate: /\b(immediate|now|emergency)\b/i,
    medium: /\b(medium|mid|this week)\b/i,
    long: /\b(long|next sprint|later)\b/i,
  };
  for (const c of pm.checklists) {
    if (c.kind !== 'deployment') continue;
    for (const g of c.groups) {
      for (const [phase, word] of Object.entries(words)) {
        if (!word.test(g.title)) continue;
        const prev = out[phase] ?? { done: 0, total: 0 };
        const add = groupCompletion(g.items);
        out[phase] = { done: prev.done + add.done, total: prev.total + add.total };
        break;
      }
    }
  }
  return out;
}

/** Cadence misses and sends from the timeline, for the comms lane. */
export function commsMarks(pm: Postmortem): { at: string; kind: 'update' | 'missed'; label: string }[] {
  const marks: { at: string; kind: 'update' | 'missed'; label: string }[] = pm.statusUpdates.map((u) => ({
    at: u.at,
    kind: 'update' as const,
    label: `${u.audience} update`,
  }));
  for (const e of pm.timeline)
    if (e.kind === 'comms.missed') marks.push({ at: e.at, kind: 'missed', label: e.summary });
  return marks.sort((a, b) => a.at.localeCompare(b.at));
}

export function formatUtc(iso: string | null): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
