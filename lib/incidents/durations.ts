/**
 * Time to detect / mitigate / resolve, from the incident's milestones (each
 * written by a timeline event). Start is when impact began (a backdated
 * "impact started" event), else detection.
 */
export type Milestones = {
  startedAt: Date | null;
  detectedAt: Date;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
};
export type Durations = { toDetectMs: number | null; toMitigateMs: number | null; toResolveMs: number | null };

export function incidentDurations(m: Milestones): Durations {
  const start = m.startedAt ?? m.detectedAt;
  const since = (d: Date | null) => (d ? Math.max(0, d.getTime() - start.getTime()) : null);
  return {
    toDetectMs: m.startedAt ? Math.max(0, m.detectedAt.getTime() - m.startedAt.getTime()) : null,
    toMitigateMs: since(m.mitigatedAt),
    toResolveMs: since(m.resolvedAt),
  };
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return `${days}d ${hours}h ${mins}m`;
  if (hours) return `${hours}h ${mins}m`;
  return `${mins}m`;
}
