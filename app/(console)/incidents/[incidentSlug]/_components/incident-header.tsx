import Link from 'next/link';
import { Badge, severityTone, statusTone } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import { Markdown } from '@/components/ui/markdown';
import { formatDuration, incidentDurations } from '@/lib/incidents/durations';
import type { IncidentDetail } from '@/lib/incidents/queries';
import { ReadOnlyNote } from '@/components/ui/read-only-note';
import { IncidentControls } from './incident-controls';
import { IncidentLifecycle } from './incident-lifecycle';

type Person = { id: string; name: string; email: string; role: string };

export function IncidentHeader({
  incident,
  canUpdate,
  canDelete,
  role,
  people,
}: {
  incident: IncidentDetail;
  canUpdate: boolean;
  canDelete: boolean;
  role: string;
  people: Person[];
}) {
  const d = incidentDurations(incident);
  return (
    <header className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={severityTone(incident.severity)}>
          <span data-testid="incident-severity">{incident.severity}</span>
        </Badge>
        <Badge tone={statusTone(incident.status)}>
          <span data-testid="incident-status">{incident.status}</span>
        </Badge>
        {incident.archivedAt && (
          <Badge tone="gray">
            <span data-testid="incident-archived">archived</span>
          </Badge>
        )}
        <span className="text-xs text-slate-500" data-testid="incident-elapsed">
          {incident.resolvedAt ? 'resolved after ' : 'open for '}
          <RelativeTime
            iso={(incident.startedAt ?? incident.detectedAt).toISOString()}
            until={incident.resolvedAt?.toISOString()}
          />
          {incident.planDate ? ` · plan dated ${incident.planDate}` : ''}
        </span>
        <Link
          href={`/incidents/${incident.slug}/postmortem`}
          className="ml-auto text-xs font-medium text-sky-600 hover:underline dark:text-sky-400"
        >
          Post-mortem →
        </Link>
      </div>
      <h1 className="text-xl font-semibold leading-tight" data-testid="incident-title">
        {incident.title}
      </h1>
      {incident.impact && (
        <p className="text-slate-700 dark:text-slate-300">
          <span className="font-medium">Impact: </span>
          {incident.impact}
        </p>
      )}
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-500">
        <div>
          <dt className="inline">Commander: </dt>
          <dd className="inline font-medium text-slate-800 dark:text-slate-200" data-testid="incident-commander">
            {holderName(incident.commander)}
          </dd>
        </div>
        <div>
          <dt className="inline">Comms lead: </dt>
          <dd className="inline font-medium text-slate-800 dark:text-slate-200" data-testid="incident-comms-lead">
            {holderName(incident.commsLead)}
          </dd>
        </div>
        <div>
          <dt className="inline">Time to detect: </dt>
          <dd className="inline tabular-nums" data-testid="ttd">
            {formatDuration(d.toDetectMs)}
          </dd>
        </div>
        <div>
          <dt className="inline">to mitigate: </dt>
          <dd className="inline tabular-nums" data-testid="ttm">
            {formatDuration(d.toMitigateMs)}
          </dd>
        </div>
        <div>
          <dt className="inline">to resolve: </dt>
          <dd className="inline tabular-nums" data-testid="ttr">
            {formatDuration(d.toResolveMs)}
          </dd>
        </div>
      </dl>
      {incident.roleNotice && (
        <p
          role="status"
          data-testid="role-notice"
          className="rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          {incident.roleNotice}
        </p>
      )}
      {canUpdate ? (
        <>
          <IncidentControls
            incidentId={incident.id}
            status={incident.status}
            severity={incident.severity}
            commander={incident.commander}
            commsLead={incident.commsLead}
            rolesVersion={incident.rolesVersion}
            people={people}
          />
          <IncidentLifecycle
            incidentId={incident.id}
            slug={incident.slug}
            archived={Boolean(incident.archivedAt)}
            canDelete={canDelete}
          />
        </>
      ) : (
        <ReadOnlyNote role={role}>Only commanders and admins can change status, severity and roles.</ReadOnlyNote>
      )}
      {incident.summary && (
        <details className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <summary className="cursor-pointer font-medium">Executive summary</summary>
          <div className="mt-2">
            <Markdown>{incident.summary}</Markdown>
          </div>
        </details>
      )}
    </header>
  );
}

function holderName(holder: { name: string; disabled: boolean } | null): string {
  if (!holder) return 'unassigned';
  return holder.disabled ? `${holder.name} (disabled)` : holder.name;
}
