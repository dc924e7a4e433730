import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getCurrentUser, requirePermission } from '@/lib/auth/session';
import { getIncidentBrief } from '@/lib/incidents/queries';
import { can } from '@/lib/auth/permissions';
import { listTimelinePage, loadPostmortem, loadPostmortemEditing } from '@/lib/postmortem/load-postmortem';
import { pdfUnavailableReason } from '@/lib/postmortem/render-pdf';
import { renderTimelineSvg } from '@/lib/postmortem/render-svg';
import { PostmortemView } from './_components/postmortem-view';

type Props = {
  params: Promise<{ incidentSlug: string }>;
  searchParams: Promise<{ timeline?: string }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { incidentSlug } = await params;
  // The incident's name, not its URL slug — and only for someone the page itself would show it to.
  const user = await getCurrentUser();
  const incident = user && can(user.role, 'incident:view') ? await getIncidentBrief(incidentSlug) : null;
  return { title: incident ? `Post-mortem · ${incident.title}` : 'Not found' };
}

export default async function PostmortemPage({ params, searchParams }: Props) {
  const user = await requirePermission('incident:view');
  const { incidentSlug } = await params;
  const { timeline } = await searchParams;
  // The draft needs only the key events; the full timeline is paged on request.
  const [pm, editing] = await Promise.all([
    loadPostmortem(incidentSlug, { timeline: 'key' }),
    loadPostmortemEditing(incidentSlug),
  ]);
  if (!pm || !editing) notFound();
  const page = Number.parseInt(timeline ?? '', 10);
  const fullTimeline = Number.isFinite(page) && page > 0 ? await listTimelinePage(incidentSlug, page) : null;
  return (
    <PostmortemView
      pm={pm}
      editing={editing}
      chartSvg={renderTimelineSvg(pm)}
      canEdit={can(user.role, 'postmortem:edit')}
      canAudit={can(user.role, 'audit:view')}
      pdfUnavailable={pdfUnavailableReason()}
      fullTimeline={fullTimeline}
    />
  );
}
