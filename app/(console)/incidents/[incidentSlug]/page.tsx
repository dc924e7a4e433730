import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache, Suspense } from 'react';
import { getCurrentUser, requireResourcePermission } from '@/lib/auth/session';
import { incidentTabTitle } from '@/lib/incidents/tab-title';
import { listCadenceClocks } from '@/lib/comms/cadence-clocks';
import { IncidentTab } from './_components/incident-tab';
import { IncidentCommands } from './_components/incident-commands';
import { can } from '@/lib/auth/permissions';
import { getIncidentBySlug } from '@/lib/incidents/queries';
import { streamCursorNow } from '@/lib/realtime/cursor';
import { listActiveUsers } from '@/lib/users/queries';
import { listItemComments } from '@/lib/checklists/queries';
import { IncidentHeader } from './_components/incident-header';
import { FindingsSection } from './_components/findings-section';
import { FixPlanSection } from './_components/fix-plan-section';
import { ChecklistsSection } from './_components/checklists-section';
import { IncidentApprovals } from './_components/incident-approvals';
import { listApprovals } from '@/lib/approvals/queries';
import { listPlaybooks } from '@/lib/playbooks/saved-playbooks';
import { CommsSection } from './_components/comms-section';
import { PostMortemSections } from './_components/postmortem-sections';
import { RollbackSection, ReferenceSections } from './_components/reference-sections';
import { TimelineSection } from './_components/timeline-section';
import { JumpBar } from './_components/jump-bar';
import { IncidentRuns } from './_components/incident-runs';

// Metadata and the page read the same incident: one query per request.
const loadIncident = cache(getIncidentBySlug);

type Params = { params: Promise<{ incidentSlug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { incidentSlug } = await params;
  // Only what the page itself will show: a forbidden or missing incident's tab says "Not found".
  const user = await getCurrentUser();
  const incident = user && can(user.role, 'incident:view') ? await loadIncident(incidentSlug) : null;
  if (!incident) return { title: 'Not found' };
  return { title: { absolute: incidentTabTitle(incident) } };
}

export default async function IncidentPage({ params }: Params) {
  // A resource by slug: a missing (or forbidden) incident is not-found, never a named refusal.
  const user = await requireResourcePermission('incident:view');
  const { incidentSlug } = await params;
  // Before the data: a change committed while this page renders or loads is replayed by the stream.
  const since = await streamCursorNow();
  const incident = await loadIncident(incidentSlug);
  if (!incident) notFound();
  const canUpdate = can(user.role, 'incident:update');
  const canEditItems = can(user.role, 'checklist:edit');
  const canSeeRuns = can(user.role, 'playbook:view');
  const [people, comments, cadences] = await Promise.all([
    canUpdate || canEditItems ? listActiveUsers() : Promise.resolve([]),
    listItemComments(incident.id),
    listCadenceClocks(incident.id),
  ]);
  return (
    <div className="space-y-8">
      <IncidentCommands canPublish={can(user.role, 'comms:publish')} />
      <IncidentTab
        severity={incident.severity}
        status={incident.status}
        title={incident.title}
        cadences={cadences.map((c) => ({
          everyMinutes: c.everyMinutes,
          startedAt: c.startedAt.toISOString(),
          lastSentAt: c.lastSentAt?.toISOString() ?? null,
        }))}
      />
      <IncidentHeader
        incident={incident}
        canUpdate={canUpdate}
        canDelete={can(user.role, 'incident:delete')}
        role={user.role}
        people={people}
      />
      <JumpBar runs={canSeeRuns} />
      {can(user.role, 'host:view') && (
        <IncidentApprovals
          slug={incident.slug}
          approvals={await listApprovals({ incidentId: incident.id, open: true })}
        />
      )}
      <div className="grid gap-8 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-8">
          <ChecklistsSection
            slug={incident.slug}
            since={since}
            checklists={incident.checklists}
            canTick={can(user.role, 'checklist:tick')}
            canEdit={canEditItems}
            role={user.role}
            comments={comments}
            // A viewer cannot tick, so they are not offered as an assignee.
            people={people.filter((p) => p.role !== 'viewer').map(({ id, name, email }) => ({ id, name, email }))}
            playbookLinks={{
              canLink: can(user.role, 'playbook:author'),
              canRun: can(user.role, 'playbook:request') && can(user.role, 'host:view'),
              playbooks: (await listPlaybooks()).map((p) => p.name),
            }}
          />
          <FindingsSection findings={incident.findings} />
          <FixPlanSection fixes={incident.fixes} slug={can(user.role, 'host:view') ? incident.slug : undefined} />
          <RollbackSection steps={incident.rollback} />
          <PostMortemSections incident={incident} />
          <ReferenceSections incident={incident} />
        </div>
        <div className="min-w-0 space-y-8">
          <CommsSection incidentId={incident.id} />
          <Suspense fallback={<p className="text-slate-500">Loading timeline…</p>}>
            <TimelineSection
              incidentId={incident.id}
              canNote={can(user.role, 'incident:note')}
              role={user.role}
              suggestions={incident.suggestedEvents}
            />
          </Suspense>
          {canSeeRuns && <IncidentRuns incidentId={incident.id} slug={incident.slug} />}
        </div>
      </div>
    </div>
  );
}
