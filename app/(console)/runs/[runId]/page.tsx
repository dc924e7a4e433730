import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { loadRunView } from '@/lib/playbooks/run-queries';
import { getApprovalView } from '@/lib/approvals/queries';
import { RunLive } from './_components/run-live';
import { Time } from '@/components/ui/time';

export async function generateMetadata({ params }: { params: Promise<{ runId: string }> }): Promise<Metadata> {
  const runId = (await params).runId;
  return { title: /^\d{1,12}$/.test(runId) ? `Run #${runId}` : 'Run' };
}
export const dynamic = 'force-dynamic';

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const user = await requirePermission('playbook:view');
  const runId = Number((await params).runId);
  const detail = can(user.role, 'host:view');
  const run = Number.isSafeInteger(runId) ? await loadRunView(runId, { detail }) : null;
  if (!run) notFound();
  const approval = run.approvalId ? await getApprovalView(run.approvalId) : null;
  return (
    <div className="max-w-7xl space-y-4">
      <div>
        <div className="flex flex-wrap items-baseline gap-2">
          <h1 className="text-base font-semibold">
            Run #{run.id}: {run.playbookName}
          </h1>
          {run.destructive && <Badge tone="red">destructive</Badge>}
          <Link href="/runs" className="ml-auto text-xs text-sky-600 underline dark:text-sky-400">
            All runs
          </Link>
        </div>
        <p className="mt-1 text-xs text-slate-500">
          requested by {run.requestedBy} · <Time iso={new Date(run.createdAt).toISOString()} seconds ago />
          {run.incident && (
            <>
              {' · '}
              <Link className="underline" href={`/incidents/${run.incident.slug}`}>
                {run.incident.title}
              </Link>
            </>
          )}
          {detail && (
            <>
              {' · '}
              <span title="The digest approvals bind to">{run.digest.slice(0, 23)}…</span>
              {' · '}
              {Object.entries(run.params)
                .map(([k, v]) => `${k}=${v}`)
                .join(' ')}
            </>
          )}
        </p>
        {approval && (
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="run-approval">
            Approved by <strong>{approval.decidedBy}</strong>
            {approval.decidedAt && ` at ${approval.decidedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`}
            {approval.reason && `: ${approval.reason}`} ·{' '}
            <Link className="underline" href={`/approvals/${approval.id}`}>
              the dry run it approved
            </Link>
          </p>
        )}
      </div>
      <RunLive initial={run} canAct={can(user.role, 'playbook:request')} detail={detail} />
    </div>
  );
}
