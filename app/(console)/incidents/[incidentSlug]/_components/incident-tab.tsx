'use client';

import { useEffect } from 'react';
import { useNow } from '@/components/ui/use-now';
import { isOverdue } from '@/lib/comms/cadence';
import { ICON, OVERDUE_ICON, incidentTabTitle } from '@/lib/incidents/tab-title';

export type TabCadence = { everyMinutes: number; startedAt: string; lastSentAt: string | null };

/**
 * Keeps the browser tab honest while the page is open: the title follows
 * status and severity (the page refreshes on the incident's stream) and,
 * the moment a cadence passes its due time, says "⚠ overdue" and turns the
 * favicon red — the tab is what a commander sees while working elsewhere.
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
  const overdue =
    now !== null &&
    status !== 'resolved' &&
    cadences.some((c) =>
      isOverdue(
        {
          everyMinutes: c.everyMinutes,
          startedAt: new Date(c.startedAt),
          lastSentAt: c.lastSentAt ? new Date(c.lastSentAt) : null,
        },
        new Date(now),
      ),
    );
  const text = incidentTabTitle({ severity, status, title, overdue });
  useEffect(() => {
    document.title = text;
  }, [text]);
  useEffect(() => {
    const links = [...document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"][type="image/svg+xml"]')];
    for (const link of links) link.href = overdue ? OVERDUE_ICON : ICON;
    return () => {
      for (const link of links) link.href = ICON;
    };
  }, [overdue]);
  return null;
}
