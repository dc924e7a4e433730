'use client';

import { useEffect } from 'react';
import { useNow } from '@/components/ui/use-now';
import { overdueCadences, titleWithOverdue, type CadenceClock } from '@/lib/comms/cadence';

/**
 * Overdue, the one definition (lib/comms/cadence.ts), for every place that
 * shows it: the incident list's marker, the incident page's cadences and the
 * tab title. The clock runs in the browser, so a cadence turns overdue the
 * second it is due without any event; a publish elsewhere reaches the page
 * over its stream (the list refreshes on `incident.listed`, the incident page
 * on `comms.*`).
 */
export type CadenceClockView = {
  id: string;
  text: string;
  everyMinutes: number;
  startedAt: string;
  lastSentAt: string | null;
  audience: string;
};

export const clockOf = (c: Pick<CadenceClockView, 'everyMinutes' | 'startedAt' | 'lastSentAt'>): CadenceClock => ({
  everyMinutes: c.everyMinutes,
  startedAt: new Date(c.startedAt),
  lastSentAt: c.lastSentAt ? new Date(c.lastSentAt) : null,
});

/** The cadences overdue now; empty during server render and hydration (no clock yet). */
export function useOverdueCadences(cadences: CadenceClockView[], resolved: boolean): CadenceClockView[] {
  const now = useNow();
  if (now === null) return [];
  const clocks = cadences.map((c) => ({ ...clockOf(c), view: c }));
  return overdueCadences(clocks, new Date(now), resolved).map((c) => c.view);
}

/** The incident list's marker: nothing while every update is on time. */
export function CadenceOverdueMarker({
  cadences,
  resolved,
  slug,
}: {
  cadences: CadenceClockView[];
  resolved: boolean;
  slug: string;
}) {
  const overdue = useOverdueCadences(cadences, resolved);
  if (overdue.length === 0) return null;
  const what = overdue.map((c) => `${c.text} (${c.audience})`).join('; ');
  return (
    <span
      data-testid={`incident-overdue-${slug}`}
      title={`Overdue: ${what}`}
      className="ml-1.5 inline-flex items-center rounded bg-rose-100 px-1.5 py-0.5 text-xs font-semibold text-rose-800 ring-1 ring-inset ring-rose-300 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-800"
    >
      ⚠ update overdue
    </span>
  );
}

/**
 * Prefixes the tab title with "⚠ overdue · " while an update is overdue.
 * It only adds or removes its own prefix, whoever set the rest of the title
 * (the page's metadata, the incident header), and re-applies it each second
 * in case a navigation or refresh rewrote the title.
 */
export function OverdueTabTitle({ overdue }: { overdue: boolean }) {
  const now = useNow();
  useEffect(() => {
    if (now === null) return;
    const next = titleWithOverdue(document.title, overdue);
    if (next !== document.title) document.title = next;
  }, [overdue, now]);
  useEffect(
    () => () => {
      document.title = titleWithOverdue(document.title, false);
    },
    [],
  );
  return null;
}
