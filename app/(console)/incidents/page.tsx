import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { listIncidents } from '@/lib/incidents/queries';
import { listActiveUsers } from '@/lib/users/queries';
import { ReadOnlyNote } from '@/components/ui/read-only-note';
import { DeclareForm } from './_components/declare-form';
import { LiveIncidentList } from './_components/live-incident-list';
import { CadenceOverdueMarker } from '@/components/comms/cadence-overdue';
import { Badge, severityTone, statusTone } from '@/components/ui/badge';
import { ProgressBar } from '@/components/ui/progress-bar';
import { RelativeTime } from '@/components/ui/relative-time';

export const metadata: Metadata = { title: 'Incidents' };

export default async function IncidentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission('incident:view');
  const archived = (await searchParams).archived === '1';
  const incidents = await listIncidents({ archived });
  const canCreate = can(user.role, 'incident:create');
  const commanders = canCreate
    ? (await listActiveUsers())
        .filter((p) => p.role === 'commander' || p.role === 'admin')
        .map(({ id, name, email }) => ({ id, name, email }))
    : [];
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 className="text-base font-semibold">{archived ? 'Archived incidents' : 'Incidents'}</h1>
          <LiveIncidentList />
        </div>
        <div className="flex items-center gap-3">
          <Link
            href={archived ? '/incidents' : '/incidents?archived=1'}
            className="text-xs text-sky-700 underline dark:text-sky-400"
          >
            {archived ? 'Open incidents' : 'Archived'}
          </Link>
          {canCreate && (
            <Link
              href="/incidents/import"
              className="rounded-md bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500"
            >
              Import RCA / fix plan
            </Link>
          )}
        </div>
      </div>
      {canCreate ? (
        !archived && <DeclareForm people={commanders} me={commanders.some((p) => p.id === user.id) ? user.id : null} />
      ) : (
        <div className="mb-4">
          <ReadOnlyNote role={user.role}>Only commanders and admins can declare or import incidents.</ReadOnlyNote>
        </div>
      )}
      {incidents.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500 dark:border-slate-700">
          {archived
            ? 'No archived incidents.'
            : 'No incidents. Declare one above, or import a root-cause / fix-plan document.'}
        </p>
      ) : (
        <table className="table-cards w-full border-collapse text-left">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1.5 pr-3">Incident</th>
              <th className="py-1.5 pr-3">Severity</th>
              <th className="py-1.5 pr-3">Status</th>
              <th className="py-1.5 pr-3">Age</th>
              <th className="py-1.5 pr-3">Commander</th>
              <th className="w-48 py-1.5 pr-3">Checklists</th>
              <th className="py-1.5">Action items</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr
                key={i.id}
                data-testid={`incident-row-${i.slug}`}
                className="border-t border-slate-200 dark:border-slate-800"
              >
                <td className="py-2 pr-3">
                  <Link href={`/incidents/${i.slug}`} className="font-medium hover:underline">
                    {i.title}
                  </Link>
                </td>
                <td className="py-2 pr-3 max-sm:inline-block max-sm:w-auto max-sm:pr-2">
                  <Badge tone={severityTone(i.severity)}>{i.severity}</Badge>
                </td>
                <td className="py-2 pr-3 max-sm:inline-block max-sm:w-auto max-sm:pr-2">
                  <Badge tone={statusTone(i.status)}>{i.status}</Badge>
                  <CadenceOverdueMarker
                    slug={i.slug}
                    resolved={i.status === 'resolved'}
                    cadences={i.cadences.map((c) => ({
                      ...c,
                      startedAt: c.startedAt.toISOString(),
                      lastSentAt: c.lastSentAt?.toISOString() ?? null,
                    }))}
                  />
                </td>
                <td className="py-2 pr-3 text-slate-600 max-sm:inline-block max-sm:w-auto dark:text-slate-400">
                  <RelativeTime iso={(i.startedAt ?? i.detectedAt).toISOString()} until={i.resolvedAt?.toISOString()} />
                </td>
                <td className="py-2 pr-3 text-slate-600 dark:text-slate-400" data-label="Commander">
                  {i.commander?.name ?? '—'}
                </td>
                <td className="py-2" data-label="Checklists">
                  <ProgressBar
                    done={i.progress.done}
                    total={i.progress.total}
                    label={`Checklist progress of ${i.title}`}
                  />
                </td>
                <td
                  className="py-2 text-slate-600 dark:text-slate-400"
                  data-label="Action items"
                  data-testid={`incident-actions-${i.slug}`}
                >
                  {i.actionItems.total === 0 ? (
                    '—'
                  ) : (
                    <Link href={`/incidents/${i.slug}/postmortem#pm-action-items`} className="hover:underline">
                      {i.actionItems.open} open / {i.actionItems.total}
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
