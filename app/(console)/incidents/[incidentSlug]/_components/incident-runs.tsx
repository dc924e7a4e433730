import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { listRuns } from '@/lib/playbooks/run-queries';
import { statusTone } from '../../../runs/_components/run-status';
import { Section } from './section';

/** The incident's latest runs, so the jump bar's "Runs" lands on something and each run is one tap away. */
export async function IncidentRuns({ incidentId, slug }: { incidentId: string; slug: string }) {
  const runs = await listRuns({ incidentId }, 10);
  return (
    <Section
      title={`Runs (${runs.length === 10 ? '10+' : runs.length})`}
      id="runs"
      aside={
        <Link
          href={`/runs?incident=${encodeURIComponent(slug)}`}
          className="text-xs text-sky-700 underline dark:text-sky-400"
        >
          All runs
        </Link>
      }
    >
      {runs.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">No playbook has run for this incident yet.</p>
      ) : (
        <ul className="space-y-1" data-testid="incident-runs">
          {runs.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2">
              <Link
                href={`/runs/${r.id}`}
                className="inline-flex min-h-11 items-center text-sky-700 underline sm:min-h-0 dark:text-sky-400"
              >
                #{r.id} {r.playbookName}
              </Link>
              <Badge tone={statusTone(r.status)}>{r.status.replace('_', ' ')}</Badge>
              <span className="text-xs text-slate-600 dark:text-slate-400">{r.hosts.join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
