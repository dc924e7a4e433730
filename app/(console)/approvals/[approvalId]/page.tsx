import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { getApprovalView } from '@/lib/approvals/queries';
import { SECRET_MASK } from '@/lib/ssh/mask-secrets';
import { Time } from '@/components/ui/time';
import { DryRunView } from '../../playbooks/[playbookName]/_components/dry-run-view';
import { ApprovalsLive } from '../_components/approvals-live';
import { ApprovalStatus } from '../_components/approval-status';
import { ApprovalDecision } from './_components/approval-decision';

export const metadata: Metadata = { title: 'Approval' };
export const dynamic = 'force-dynamic';

/** The request exactly as stored: the approver reads the dry run that will run, nothing else. */
export default async function ApprovalPage({ params }: { params: Promise<{ approvalId: string }> }) {
  // Commands and host keys are host:view material, like a run's output.
  const user = await requirePermission('host:view');
  const approval = await getApprovalView((await params).approvalId);
  if (!approval) notFound();
  const dry = approval.dryRun;
  const open = !approval.expired;
  return (
    <div className="max-w-6xl space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-base font-semibold">
          Approval for {dry.playbook.title} on {dry.hosts.map((h) => h.name).join(', ')}
        </h1>
        <ApprovalStatus approval={approval} />
        <span className="ml-auto">
          <ApprovalsLive />
        </span>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="approval-summary">
        Requested by <strong>{approval.requestedBy}</strong> at <Time iso={approval.createdAt.toISOString()} seconds />
        {approval.incident && (
          <>
            {' for '}
            <Link className="underline" href={`/incidents/${approval.incident.slug}`}>
              {approval.incident.title}
            </Link>
          </>
        )}
        .{' '}
        {approval.decidedBy && (
          <>
            {approval.status === 'rejected' ? 'Rejected' : 'Approved'} by <strong>{approval.decidedBy}</strong>
            {approval.decidedAt && (
              <>
                {' '}
                at <Time iso={approval.decidedAt.toISOString()} seconds />
              </>
            )}
            {approval.reason && `: ${approval.reason}`}.{' '}
          </>
        )}
        {approval.status === 'pending' && (
          <>
            Decide before <Time iso={approval.expiresAt.toISOString()} seconds />.
          </>
        )}
        {approval.status === 'approved' && (
          <>
            The run must start before <Time iso={approval.expiresAt.toISOString()} seconds />.
          </>
        )}
        {approval.runId && (
          <>
            {' '}
            <Link className="underline" href={`/runs/${approval.runId}`}>
              Run #{approval.runId}
            </Link>
          </>
        )}
      </p>
      <p className="break-words text-xs text-slate-500">
        Parameters:{' '}
        {Object.entries(dry.params)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}
        . The approval covers exactly this dry run (digest below): a changed parameter, host, host key or playbook
        version is not covered.
      </p>
      {open && (approval.status === 'pending' || approval.status === 'approved') && (
        <ApprovalDecision
          approvalId={approval.id}
          canDecide={approval.status === 'pending' && can(user.role, 'playbook:approve')}
          canStart={approval.status === 'approved' && can(user.role, 'playbook:request')}
          run={{
            playbook: dry.playbook.name,
            hosts: dry.hosts.map((h) => h.name),
            params: Object.fromEntries(Object.entries(dry.params).filter(([, v]) => v !== SECRET_MASK)),
            digest: approval.digest,
            incidentSlug: approval.incident?.slug ?? null,
          }}
        />
      )}
      <DryRunView dry={dry} />
    </div>
  );
}
