'use client';

import { useEffect } from 'react';
import { useNow } from '@/components/ui/use-now';
import { msUntilDue } from '@/lib/comms/cadence';
import { OVERDUE_ICON, incidentTabTitle } from '@/lib/incidents/tab-title';

export type TabCadence = { everyMinutes: number; startedAt: string; lastSentAt: string | null };

/**
 * Keeps the browser tab honest while the page is open: the title follows
 * status and severity (the page refreshes on the incident's stream) and,
 * the moment a cadence passes its due time, says "⚠ overdue" and turns the
 * favicon red — the tab is what a commander sees while working elsewhere.
 * It also tells a screen reader, politely and sparingly — five minutes
 * before, one minute before, and when overdue — never once a second.
 */
export function IncidentTab({
  severity,
  status,
  title,
  cadences,
}: {
  severity: string;
  status: string;
  title: string;
  cadences: TabCadence[];
}) {
  const now = useNow();
  const left =
    now === null || status === 'resolved' || cadences.length === 0
      ? null
      : Math.min(
          ...cadences.map((c) =>
            msUntilDue(
              {
                everyMinutes: c.everyMinutes,
                startedAt: new Date(c.startedAt),
                lastSentAt: c.lastSentAt ? new Date(c.lastSentAt) : null,
              },
              new Date(now),
            ),
          ),
        );
  const overdue = left !== null && left <= 0;
  const text = incidentTabTitle({ severity, status, title, overdue });
  // Re-asserted on every tick, not only when the text changes: Next sets the metadata title itself
  // when the page's metadata streams in or the page refreshes, and that would hide "⚠ overdue".
  useEffect(() => {
    if (document.title !== text) document.title = text;
  }, [text, now]);
  // An icon link of its own, added last so the browser prefers it: the metadata's icon links belong
  // to React, which adds a second copy when one of them is rewritten under it.
  useEffect(() => {
    if (!overdue) return;
    const link = document.createElement('link');
    link.rel = 'icon';
    link.type = 'image/svg+xml';
    link.href = OVERDUE_ICON;
    document.head.appendChild(link);
    return () => link.remove();
  }, [overdue]);
  return (
    <p className="sr-only" aria-live="polite" data-testid="cadence-announcer">
      {left === null
        ? ''
        : overdue
          ? 'A status update is overdue.'
          : left <= 60_000
            ? 'A status update is due within a minute.'
            : left <= 5 * 60_000
              ? 'A status update is due within five minutes.'
              : ''}
    </p>
  );
}
