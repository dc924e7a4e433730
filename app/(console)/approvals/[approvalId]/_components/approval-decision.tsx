'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError } from '@/lib/errors';
import { requestRun } from '../../../playbooks/actions';
import { decideApproval } from '../../actions';

/**
 * Approve / reject for approvers, Start run once approved. The server
 * decides who may: a requester pressing Approve gets the refusal, in words.
 */
export function ApprovalDecision({
  approvalId,
  canDecide,
  canStart,
  run,
}: {
  approvalId: string;
  canDecide: boolean;
  canStart: boolean;
  run: {
    playbook: string;
    hosts: string[];
    params: Record<string, string>;
    digest: string;
    incidentSlug: string | null;
  };
}) {
  const router = useRouter();
  const [error, setError] = useState<ActionError | null>(null);
  const [reason, setReason] = useState('');
  const [pending, start] = useTransition();
  const decide = (decision: 'approve' | 'reject') =>
    start(async () => {
      const r = await decideApproval({ approvalId, decision, reason });
      setError(r.ok ? null : r.error);
      if (r.ok) router.refresh();
    });
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      {canDecide && (
        <div className="flex flex-wrap items-center gap-2">
          <input
            aria-label="Reason (optional)"
            placeholder="Reason (optional)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            className="w-64 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
          <Button type="button" variant="danger" disabled={pending} onClick={() => decide('approve')}>
            Approve this exact dry run
          </Button>
          <Button type="button" variant="secondary" disabled={pending} onClick={() => decide('reject')}>
            Reject
          </Button>
        </div>
      )}
      {canStart && (
        <Button
          type="button"
          variant="danger"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await requestRun({
                playbook: run.playbook,
                hosts: run.hosts,
                params: run.params,
                digest: run.digest,
                approvalId,
                incidentSlug: run.incidentSlug ?? undefined,
              });
              if (r.ok) router.push(`/runs/${r.data.id}`);
              else setError(r.error);
            })
          }
        >
          Start the approved run
        </Button>
      )}
      <FormMessage error={error} />
    </div>
  );
}
