import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { findIncidentIdBySlug } from '@/lib/incidents/queries';
import { draftForFix } from '@/lib/playbooks/draft-for-fix';
import { DraftEditor } from './_components/draft-editor';

export const metadata: Metadata = { title: 'Make playbook' };
export const dynamic = 'force-dynamic';

/** "Make playbook" from one script of a fix: the draft, what was made a parameter, what was flagged. */
export default async function MakePlaybookPage({
  params,
  searchParams,
}: {
  params: Promise<{ incidentSlug: string }>;
  searchParams: Promise<{ fix?: string; script?: string }>;
}) {
  const user = await requirePermission('host:view');
  const { incidentSlug } = await params;
  const { fix, script } = await searchParams;
  const incidentId = await findIncidentIdBySlug(incidentSlug);
  if (!incidentId || !fix) notFound();
  const draft = await draftForFix(incidentId, fix, Number(script ?? 0) || 0).catch((err: unknown) => {
    if (err instanceof AppError && err.code.startsWith('not_found')) return null;
    throw err;
  });
  if (!draft) notFound();
  return (
    <div className="max-w-5xl space-y-4">
      <div className="flex items-center gap-2">
        <h1 className="text-base font-semibold">Make playbook: {draft.fixTitle}</h1>
        <Link className="ml-auto text-xs underline" href={`/incidents/${incidentSlug}#fixes`}>
          Back to the incident
        </Link>
      </div>
      {draft.flags.length > 0 && (
        <section aria-label="Flagged lines" className="space-y-1">
          <h2 className="text-sm font-semibold">Replaced with a safer step</h2>
          <ul className="space-y-1 text-sm" data-testid="draft-flags">
            {draft.flags.map((f, i) => (
              <li
                key={i}
                className="rounded border border-amber-300 bg-amber-50 p-2 dark:border-amber-800 dark:bg-amber-950"
              >
                <code>{f.text}</code> (line {f.line}): {f.why}. Instead: {f.instead}.
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label="Parameters" className="text-sm">
        <h2 className="font-semibold">Parameters</h2>
        <ul className="text-xs text-slate-600 dark:text-slate-400" data-testid="draft-params">
          {draft.params.map((p) => (
            <li key={p.name}>
              <code>{p.name}</code> ({p.type}){p.default ? ` = ${p.default}` : ' — required'}, from {p.from}
            </li>
          ))}
          {draft.hosts.map((h) => (
            <li key={h.address}>
              host target <code>{h.address}</code> (was the ssh line {h.line}): add it on the Hosts page and trust its
              key
            </li>
          ))}
        </ul>
      </section>
      <DraftEditor initial={draft.yaml} canSave={can(user.role, 'playbook:author')} />
    </div>
  );
}
