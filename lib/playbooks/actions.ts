import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { db } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/types';
import { defineAction } from '@/lib/mutations/define-action';
import { findIncidentIdBySlug } from '@/lib/incidents/queries';
import {
  checkDryRunRequest,
  dryRunAudit,
  freshDryRunMatching,
  observeAndRender,
  observeIntent,
  type PreparedDryRun,
} from './dry-run-playbook';
import type { DryRun } from './dry-run';
import { validateParams, describeParamErrors } from './params';
import { cancelRunMutation, confirmStepMutation, createRunMutation } from './run-records';
import { DISPATCH_CHANNEL, stashSecrets } from './dispatch';
import { savePlaybook } from './saved-playbooks';
import { needsApproval } from './run-records';
import { assertApprovalCovers, loadApproval } from '@/lib/approvals/approvals';

/**
 * The run form's actions and the run page's buttons, defined once (wrapped
 * in app/(console)/playbooks/actions.ts and app/(console)/runs/actions.ts).
 * Observations are remote work: each action that looks at hosts checks the
 * request, commits its intent, and only then connects.
 */

const Params = z.record(z.string().max(64), z.string().max(20_000));

const DryRunInput = z.object({
  playbook: z.string().min(1).max(64),
  hosts: z.array(z.string().min(1).max(63)).min(1, 'Choose at least one host.').max(200),
  params: Params.default({}),
});

/** The person's dry run: every command as it will run, observations, and the digest. */
export const dryRunDef = defineAction({
  permission: 'playbook:request',
  input: DryRunInput,
  authorize: async ({ input }) => void (await checkDryRunRequest(input)),
  intent: async ({ input }) => observeIntent(await checkDryRunRequest(input), 'web'),
  prepare: async ({ input }) => observeAndRender(await checkDryRunRequest(input)),
  handler: async ({ prepared }) => ({ data: prepared, audit: dryRunAudit(prepared, 'web') }),
});

const RunInput = DryRunInput.extend({
  /** The digest of the dry run the person read: what runs must be exactly that. */
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'Do a dry run first.'),
  secrets: Params.default({}),
  incidentSlug: z.string().max(200).optional(),
  /** Destructive playbooks: the approval this run acts on. */
  approvalId: z.string().min(1).max(64).optional(),
  checklistItemId: z.string().min(1).max(64).optional(),
});

type Prepared = { dry: DryRun; prepared: PreparedDryRun; incidentId: string | null };

async function checkRunRequest(input: z.output<typeof RunInput>, user: SessionUser): Promise<PreparedDryRun> {
  const prepared = await checkDryRunRequest(input);
  // Refused before any observation: a destructive playbook does not even look at hosts without a usable approval.
  if (prepared.playbook.definition.destructive) {
    if (!input.approvalId) throw needsApproval(prepared.playbook.definition.name);
    const approval = await loadApproval(db, input.approvalId);
    if (approval.status !== 'approved' || approval.expiresAt <= new Date()) {
      await assertApprovalCovers(db, input.approvalId, approval.dryRun, user);
    }
  }
  const full = validateParams(prepared.playbook.definition, { ...input.params, ...input.secrets });
  if (!full.ok)
    throw new AppError('invalid:playbook-params', `Check the parameters: ${describeParamErrors(full.errors)}.`);
  return prepared;
}

export const requestRunDef = defineAction({
  permission: 'playbook:request',
  input: RunInput,
  authorize: async ({ input, user }) => void (await checkRunRequest(input, user)),
  intent: async ({ input, user }) => observeIntent(await checkRunRequest(input, user), 'web'),
  prepare: async ({ input, user }): Promise<Prepared> => {
    const prepared = await checkRunRequest(input, user);
    const dry = await freshDryRunMatching(prepared, input.digest, 'Nothing ran: read the new dry run and run again.');
    const incidentId = input.incidentSlug ? await findIncidentIdBySlug(input.incidentSlug) : null;
    if (input.incidentSlug && !incidentId) throw new AppError('not_found:incident', 'No such incident.');
    return { dry, prepared, incidentId };
  },
  handler: async ({ user, input, tx, prepared }) => {
    const { playbook } = prepared.prepared;
    const mutation = await createRunMutation(tx, user, 'web', {
      dry: prepared.dry,
      source: playbook.source,
      incidentId: prepared.incidentId,
      timeoutMs: playbook.definition.timeout,
      approvalId: input.approvalId ?? null,
      checklistItemId: input.checklistItemId ?? null,
    });
    const full = validateParams(playbook.definition, { ...input.params, ...input.secrets });
    stashSecrets(mutation.data.id, full.ok ? full.params.secrets : {});
    return {
      ...mutation,
      // After commit: the runner in this process picks the run up (see dispatch.ts).
      publish: [{ channel: DISPATCH_CHANNEL, type: 'run.requested', data: { runId: mutation.data.id } }],
    };
  },
  revalidate: ['/runs'],
});

const RunIdInput = z.object({ runId: z.coerce.number().int().positive() });

export const cancelRunDef = defineAction({
  permission: 'playbook:request',
  input: RunIdInput,
  handler: async ({ user, input, tx }) => {
    const mutation = await cancelRunMutation(tx, user, input.runId);
    return {
      ...mutation,
      publish: [{ channel: DISPATCH_CHANNEL, type: 'run.wake', data: { runId: input.runId } }],
    };
  },
  revalidate: ({ input }) => [`/runs/${input.runId}`],
});

export const confirmStepDef = defineAction({
  permission: 'playbook:request',
  input: RunIdInput.extend({ stepResultId: z.string().min(1).max(64) }),
  handler: async ({ user, input, tx }) => {
    const mutation = await confirmStepMutation(tx, user, input.runId, input.stepResultId);
    return { ...mutation, publish: [{ channel: DISPATCH_CHANNEL, type: 'run.wake', data: { runId: input.runId } }] };
  },
  revalidate: ({ input }) => [`/runs/${input.runId}`],
});

/** A commander saves a reviewed draft (from a fix's script); built-ins stay with playbook:manage. */
export const saveDraftDef = defineAction({
  permission: 'playbook:author',
  input: z.object({
    source: z
      .string()
      .min(1, 'The playbook is empty.')
      .max(256 * 1024),
  }),
  handler: ({ user, input, tx }) => savePlaybook(tx, user, input.source),
  revalidate: ['/playbooks'],
});
