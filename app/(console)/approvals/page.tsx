import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/session';
import { listApprovals } from '@/lib/approvals/queries';
import { ApprovalsLive } from './_components/approvals-live';
import { ApprovalStatus } from './_components/approval-status';

export const metadata: Metadata = { title: 'Approvals' };
export const dynamic = 'force-dynamic';

export default async function ApprovalsPage() {
  await requirePermission('host:view');
  const approvals = await listApprovals({ take: 100 });
  return (
    <div className="max-w-5xl space-y-4">
      <div className="flex items-center gap-2">
        <h1 className="text-base font-semibold">Approvals</h1>
        <span className="ml-auto">
          <ApprovalsLive />
        </span>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A destructive playbook runs only after a second person (a commander or admin) approves its exact dry run. Nobody
        can approve their own request, and there is no break-glass.
      </p>
      {approvals.length === 0 && <p className="text-sm text-slate-500">No requests yet.</p>}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {approvals.map((a) => (
          <li key={a.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
            <Link className="font-medium underline" href={`/approvals/${a.id}`}>
              {a.playbookName} on {a.dryRun.hosts.map((h) => h.name).join(', ')}
            </Link>
            <ApprovalStatus approval={a} />
            <span className="text-xs text-slate-500">
              asked by {a.requestedBy}
              {a.incident && ` · ${a.incident.title}`}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
