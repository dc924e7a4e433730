import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { listApprovals } from '@/lib/approvals/queries';
import { findIncidentIdBySlug } from '@/lib/incidents/queries';
import { loadCandidateHosts } from '@/lib/playbooks/dry-run-playbook';
import { listRuns } from '@/lib/playbooks/run-queries';
import { statusTone } from './_components/run-status';
import { Time } from '@/components/ui/time';

export const metadata: Metadata = { title: 'Runs' };
export const dynamic = 'force-dynamic';

const STATUSES = ['requested', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'interrupted'];

export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<{ incident?: string; host?: string; status?: string }>;
}) {
  const user = await requirePermission('playbook:view');
  const filter = await searchParams;
  const incidentId = filter.incident ? await findIncidentIdBySlug(filter.incident) : undefined;
  // A destructive run exists once its approved request is started; until then it waits here,
  // decided on its request page (dry runs are host:view material, like a run's output).
  const awaiting =
    can(user.role, 'host:view') && !(filter.incident && !incidentId)
      ? await listApprovals({ incidentId: incidentId ?? undefined, open: true })
      : [];
  const hosts = await loadCandidateHosts();
  const hostId = filter.host ? hosts.find((h) => h.name === filter.host)?.id : undefined;
  const runs =
    (filter.incident && !incidentId) || (filter.host && !hostId)
      ? []
      : await listRuns({
          incidentId: incidentId ?? undefined,
          hostId,
          status: STATUSES.includes(filter.status ?? '') ? filter.status : undefined,
        });
  return (
    <div className="max-w-6xl space-y-4">
      <h1 className="text-base font-semibold">Runs</h1>
      {awaiting.length > 0 && (
        <section aria-label="Awaiting approval" className="space-y-1">
          <h2 className="text-sm font-semibold">Awaiting approval or start</h2>
          <ul className="space-y-1 text-sm">
            {awaiting.map((a) => (
              <li key={a.id} data-testid="awaiting-run" className="flex flex-wrap items-center gap-2">
                <Link className="text-sky-600 underline dark:text-sky-400" href={`/approvals/${a.id}`}>
                  {a.playbookName} on {a.dryRun.hosts.map((h) => h.name).join(', ')}
                </Link>
                <Badge tone={a.status === 'approved' ? 'green' : 'amber'}>
                  {a.status === 'approved' ? 'approved, not started' : 'waiting for approval'}
                </Badge>
                <span className="text-xs text-slate-500">asked by {a.requestedBy}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form className="flex flex-wrap items-end gap-2 text-sm" aria-label="Filter runs">
        <label className="flex flex-col text-xs text-slate-500">
          Incident (slug)
          <input
            name="incident"
            defaultValue={filter.incident}
            className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          Host
          <select
            name="host"
            defaultValue={filter.host ?? ''}
            className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            <option value="">any</option>
            {hosts.map((h) => (
              <option key={h.id}>{h.name}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          Status
          <select
            name="status"
            defaultValue={filter.status ?? ''}
            className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded border border-slate-300 px-3 py-1 dark:border-slate-700">
          Filter
        </button>
      </form>
      {runs.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500 dark:border-slate-700">
          No runs match.
        </p>
      ) : (
        <table className="table-cards w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1">Run</th>
              <th>Playbook</th>
              <th>Status</th>
              <th>Hosts</th>
              <th>Requested by</th>
              <th>Incident</th>
              <th>When (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-testid="run-row" className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-1.5">
                  <Link className="text-sky-600 underline dark:text-sky-400" href={`/runs/${r.id}`}>
                    #{r.id}
                  </Link>
                </td>
                <td>{r.playbookName}</td>
                <td>
                  <Badge tone={statusTone(r.status)}>{r.status.replace('_', ' ')}</Badge>
                </td>
                <td>{r.hosts.join(', ')}</td>
                <td>{r.requestedBy}</td>
                <td>
                  {r.incident ? (
                    <Link className="underline" href={`/incidents/${r.incident.slug}`}>
                      {r.incident.title}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="text-xs text-slate-500">
                  <Time iso={r.createdAt} seconds />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
