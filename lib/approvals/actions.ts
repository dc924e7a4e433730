import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { defineAction } from '@/lib/mutations/define-action';
import { findIncidentIdBySlug } from '@/lib/incidents/queries';
import { checkDryRunRequest, freshDryRunMatching, observeIntent } from '@/lib/playbooks/dry-run-playbook';
import type { DryRun } from '@/lib/playbooks/dry-run';
import { createApprovalRequest, decideApproval } from './approvals';
import { notifyApprovalRequested } from './notify-webhooks';

/**
 * Asking for and deciding an approval (wrapped in app/(console)/approvals/actions.ts).
 * The request makes its own fresh dry run and stores exactly that, after
 * checking it is the one the requester read: the approver then reads what
 * will run, not what a browser sent.
 */

const RequestInput = z.object({
  playbook: z.string().min(1).max(64),
  hosts: z.array(z.string().min(1).max(63)).min(1, 'Choose at least one host.').max(200),
  params: z.record(z.string().max(64), z.string().max(20_000)).default({}),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'Do a dry run first.'),
  incidentSlug: z.string().max(200).optional(),
  checklistItemId: z.string().min(1).max(64).optional(),
});

async function checkRequest(input: z.output<typeof RequestInput>) {
  const prepared = await checkDryRunRequest(input);
  if (!prepared.playbook.definition.destructive) {
    throw new AppError('invalid:approval', `${prepared.playbook.definition.name} is not destructive: run it directly.`);
  }
  return prepared;
}

type Prepared = { dry: DryRun; ttlMs: number; incidentId: string | null };

export const requestApprovalDef = defineAction({
  permission: 'playbook:request',
  input: RequestInput,
  authorize: async ({ input }) => void (await checkRequest(input)),
  intent: async ({ input }) => observeIntent(await checkRequest(input), 'web'),
  prepare: async ({ input }): Promise<Prepared> => {
    const prepared = await checkRequest(input);
    const dry = await freshDryRunMatching(
      prepared,
      input.digest,
      'Nothing was requested: read the new dry run and ask again.',
    );
    const incidentId = input.incidentSlug ? await findIncidentIdBySlug(input.incidentSlug) : null;
    if (input.incidentSlug && !incidentId) throw new AppError('not_found:incident', 'No such incident.');
    return { dry, ttlMs: prepared.playbook.definition.approval.expires, incidentId };
  },
  handler: async ({ user, input, tx, prepared }) => {
    const mutation = await createApprovalRequest(tx, user, {
      dry: prepared.dry,
      ttlMs: prepared.ttlMs,
      incidentId: prepared.incidentId,
      checklistItemId: input.checklistItemId ?? null,
    });
    notifyApprovalRequested(mutation.data.id);
    return mutation;
  },
  revalidate: ['/approvals'],
});

const DecideInput = z.object({
  approvalId: z.string().min(1).max(64),
  decision: z.enum(['approve', 'reject']),
  reason: z
    .string()
    .max(500)
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null)),
});

/** No bypass: the role may decide, the data layer refuses the requester whatever their role. */
export const decideApprovalDef = defineAction({
  permission: 'playbook:approve',
  input: DecideInput,
  handler: ({ user, input, tx }) => decideApproval(tx, user, input.approvalId, input.decision, input.reason),
  revalidate: ({ input }) => ['/approvals', `/approvals/${input.approvalId}`],
});
