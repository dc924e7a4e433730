import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePermission } from '@/lib/auth/session';
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
  return { title: `Post-mortem · ${incidentSlug}` };
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
