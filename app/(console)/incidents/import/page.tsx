import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePermission } from '@/lib/auth/session';
import { MAX_EXPORT_LABEL, MAX_UPLOAD_LABEL } from '@/lib/rca/check-upload';
import { getIncidentBrief } from '@/lib/incidents/queries';
import { ImportForm } from './_components/import-form';

export const metadata: Metadata = { title: 'Import an RCA' };

export default async function ImportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { into } = await searchParams;
  // Attaching changes an incident (incident:update); importing creates one (incident:create).
  await requirePermission(into ? 'incident:update' : 'incident:create');
  const target = typeof into === 'string' ? await getIncidentBrief(into) : null;
  if (into && !target) notFound();
  return (
    <div className="max-w-5xl">
      <h1 className="text-base font-semibold">
        {target ? `Attach a plan to ${target.title}` : 'Import a root-cause / fix-plan document'}
      </h1>
      <p className="mb-4 mt-1 text-slate-500">
        {target
          ? 'Its checklists merge into the incident’s: items already there are kept once, with their ticks.'
          : `Paste the Markdown or choose a file (up to ${MAX_UPLOAD_LABEL}; a warroom export up to ${MAX_EXPORT_LABEL}). You will see what warroom found before anything is created.`}
      </p>
      <ImportForm into={target ?? undefined} />
    </div>
  );
}
