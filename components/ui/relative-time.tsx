'use client';

import { useNow } from './use-now';

/** "3d 4h" since `iso` (or between `iso` and `until`), ticking live. */
export function RelativeTime({ iso, until }: { iso: string; until?: string | null }) {
  const now = useNow();
  const end = until ? Date.parse(until) : now;
  if (end === null) return <span title={iso}>…</span>;
  return (
    <span title={new Date(iso).toISOString()} className="tabular-nums">
      {span(end - Date.parse(iso))}
    </span>
  );
}

export function span(ms: number): string {
  const m = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m % 60}m`;
  return `${m}m`;
}
