import Link from 'next/link';
import type { ApprovalView } from '@/lib/approvals/queries';
import { ApprovalStatus } from '../../../approvals/_components/approval-status';
import { IncidentApprovalsLive } from './incident-approvals-live';

/** Destructive runs of this incident waiting for a second person, or approved and not yet started. */
export function IncidentApprovals({ slug, approvals }: { slug: string; approvals: ApprovalView[] }) {
  return (
    <section aria-label="Approvals" data-testid="incident-approvals" className="space-y-1">
      <IncidentApprovalsLive slug={slug} />
      {approvals.length > 0 && (
        <>
          <h2 className="text-sm font-semibold">Waiting for approval</h2>
          <ul className="space-y-1 text-sm">
            {approvals.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2">
                <Link className="underline" href={`/approvals/${a.id}`}>
                  {a.playbookName} on {a.dryRun.hosts.map((h) => h.name).join(', ')}
                </Link>
                <ApprovalStatus approval={a} />
                <span className="text-xs text-slate-500">asked by {a.requestedBy}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
