import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { CodeBlock } from '@/components/ui/code-block';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { loadCandidateHosts } from '@/lib/playbooks/dry-run-playbook';
import { findPlaybook } from '@/lib/playbooks/saved-playbooks';
import { RunForm } from './_components/run-form';

export async function generateMetadata({ params }: { params: Promise<{ playbookName: string }> }): Promise<Metadata> {
  // The name is in the URL already; the tab says which playbook without another read.
  return { title: `Playbook ${decodeURIComponent((await params).playbookName)}` };
}
export const dynamic = 'force-dynamic';

export default async function PlaybookPage({
  params,
  searchParams,
}: {
  params: Promise<{ playbookName: string }>;
  searchParams: Promise<{ incident?: string; item?: string; approval?: string }>;
}) {
  const user = await requirePermission('playbook:view');
  const { playbookName } = await params;
  const { incident, item, approval } = await searchParams;
  const playbook = await findPlaybook(playbookName).catch((err: unknown) => {
    if (err instanceof AppError && err.code.startsWith('not_found')) return null;
    throw err;
  });
  if (!playbook) notFound();
  const { definition } = playbook;
  const mayRun = can(user.role, 'playbook:request') && can(user.role, 'host:view');
  const hosts = mayRun
    ? (await loadCandidateHosts()).map((h) => ({ name: h.name, tags: h.tags, pinned: Boolean(h.hostKeyPin) }))
    : [];
  const fields = Object.entries(definition.params).map(([name, spec]) => ({
    name,
    type: spec.type,
    label: spec.label ?? name,
    description: spec.description ?? null,
    default: 'default' in spec && spec.default !== undefined ? String(spec.default) : '',
    values: spec.type === 'enum' ? spec.values : null,
  }));
  return (
    <div className="max-w-6xl space-y-4">
      <div>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-base font-semibold">{definition.title ?? definition.name}</h1>
          {definition.destructive ? <Badge tone="red">destructive</Badge> : <Badge tone="green">safe</Badge>}
          <Link href="/playbooks" className="ml-auto text-xs text-sky-600 underline dark:text-sky-400">
            All playbooks
          </Link>
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{definition.description}</p>
        <p className="mt-1 text-xs text-slate-500">
          {definition.steps.length} steps · version {playbook.hash.slice(0, 19)}…{playbook.builtIn ? ' · built-in' : ''}
        </p>
      </div>
      {mayRun ? (
        <RunForm
          playbook={definition.name}
          destructive={definition.destructive}
          fields={fields}
          hosts={hosts}
          incidentSlug={incident ?? null}
          checklistItemId={item ?? null}
          approvalId={approval ?? null}
        />
      ) : (
        <p className="text-sm text-slate-500">Your role can read playbooks but not run them.</p>
      )}
      <details>
        <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-300">Definition (YAML)</summary>
        <CodeBlock code={playbook.source} lang="yaml" />
      </details>
    </div>
  );
}
