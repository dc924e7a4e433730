import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { listIncidents } from '@/lib/incidents/queries';
import { Badge, severityTone, statusTone } from '@/components/ui/badge';
import { ProgressBar } from '@/components/ui/progress-bar';
import { RelativeTime } from '@/components/ui/relative-time';

export const metadata: Metadata = { title: 'Incidents' };

export default async function IncidentsPage() {
  const user = await requirePermission('incident:view');
  const incidents = await listIncidents();
  return (
    <div>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-base font-semibold">Incidents</h1>
        {can(user.role, 'incident:create') && (
          <Link
            href="/incidents/import"
            className="rounded-md bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500"
          >
            Import RCA / fix plan
          </Link>
        )}
      </div>
      {incidents.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500 dark:border-slate-700">
          No incidents. Import a root-cause / fix-plan document to start one.
        </p>
      ) : (
        <table className="w-full border-collapse text-left">
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
                <td className="py-2 pr-3">
                  <Badge tone={severityTone(i.severity)}>{i.severity}</Badge>
                </td>
                <td className="py-2 pr-3">
                  <Badge tone={statusTone(i.status)}>{i.status}</Badge>
                </td>
                <td className="py-2 pr-3 text-slate-500">
                  <RelativeTime iso={(i.startedAt ?? i.detectedAt).toISOString()} until={i.resolvedAt?.toISOString()} />
                </td>
                <td className="py-2 pr-3 text-slate-500">{i.commander?.name ?? '—'}</td>
                <td className="py-2">
                  <ProgressBar
                    done={i.progress.done}
                    total={i.progress.total}
                    label={`Checklist progress of ${i.title}`}
                  />
                </td>
                <td className="py-2 text-slate-500" data-testid={`incident-actions-${i.slug}`}>
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
