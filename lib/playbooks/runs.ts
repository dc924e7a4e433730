import 'server-only';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/logger';
import type { ConnectionPool } from '@/lib/ssh/connection-pool';
import { dryRunPlaybook, type DryRunRequest } from './dry-run-playbook';
import type { DryRun } from './dry-run';
import { describeParamErrors, validateParams } from './params';
import { createRun, needsApproval, requestCancel, type RunActor } from './run-records';
import { db } from '@/lib/db';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { AuditedRefusal } from '@/lib/mutations/audited-refusal';
import { assertApprovalCovers, loadApproval } from '@/lib/approvals/approvals';
import type { RunStatus } from './run-state';
import { executeRun, wakeRun } from './runner';
import { findPlaybook } from './saved-playbooks';

/**
 * Starting and stopping runs. A run starts from a fresh dry run; when the
 * person saw one (the run form), its digest must still be the same, so what
 * runs is what they read. A destructive playbook runs only on an approval
 * (lib/approvals) whose digest is this fresh dry run's: without one it is
 * refused before any host is looked at; a refused approval is on record.
 */

export type StartRunRequest = DryRunRequest & {
  incidentId?: string | null;
  /** Secret parameter values (never stored; they reach the command over stdin). */
  secrets?: Record<string, string>;
  /** The digest of the dry run the person looked at. */
  expectedDigest?: string;
  /** Destructive playbooks: the approval this run acts on. */
  approvalId?: string;
  checklistItemId?: string | null;
};

export type StartedRun = { runId: number; dry: DryRun; done: Promise<RunStatus> };

export async function startRun(
  actor: RunActor,
  request: StartRunRequest,
  { via = 'web', pool }: { via?: string; pool?: ConnectionPool } = {},
): Promise<StartedRun> {
  const playbook = await findPlaybook(request.playbook);
  // Refused before any observation: a destructive playbook does not even look at hosts without an approval.
  if (playbook.definition.destructive) {
    if (!request.approvalId) throw needsApproval(playbook.definition.name);
    await refuseUnusableApproval(actor, request.approvalId);
  }
  const withSecrets = validateParams(playbook.definition, { ...request.params, ...(request.secrets ?? {}) });
  if (!withSecrets.ok) {
    throw new AppError('invalid:playbook-params', `Check the parameters: ${describeParamErrors(withSecrets.errors)}.`);
  }
  const dry = await dryRunPlaybook(actor, request, { via, pool });
  if (!dry.ok) {
    throw new AppError(
      'conflict:run-blocked',
      `Cannot run ${dry.playbook.name}: ${dry.hosts.flatMap((h) => h.blocked).join('; ')}`,
    );
  }
  if (request.expectedDigest && request.expectedDigest !== dry.digest) {
    throw new AppError(
      'conflict:dry-run-changed',
      'What would run has changed since your dry run (a host, its key, an observation or the playbook). Nothing ran: look at the new dry run.',
      { current: dry },
    );
  }
  const { id } = await recordRefusal(actor, () =>
    createRun(actor, via, {
      dry,
      source: playbook.source,
      incidentId: request.incidentId ?? null,
      timeoutMs: playbook.definition.timeout,
      approvalId: request.approvalId ?? null,
      checklistItemId: request.checklistItemId ?? null,
    }),
  );
  const done = executeRun(id, { actor, secrets: withSecrets.params.secrets, pool }).catch((err: unknown) => {
    logger().error({ err: { message: (err as Error)?.message }, runId: id }, 'run did not start');
    return 'failed' as RunStatus;
  });
  return { runId: id, dry, done };
}

/**
 * Refuses early, before any observation, an approval that cannot be used
 * whatever the dry run says (pending, rejected, used, expired): the digest
 * is compared once the fresh dry run exists, in the run's own transaction.
 */
async function refuseUnusableApproval(actor: RunActor, approvalId: string): Promise<void> {
  const approval = await loadApproval(db, approvalId);
  if (approval.status === 'approved' && approval.expiresAt > new Date()) return;
  await recordRefusal(actor, () => assertApprovalCovers(db, approvalId, approval.dryRun, actor));
}

/** Outside a guarded action, an audited refusal is committed here (the run's transaction rolled back). */
async function recordRefusal<T>(actor: RunActor, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AuditedRefusal) await commitMutation(actor, async () => ({ data: null, audit: err.audit }));
    throw err;
  }
}

export async function cancelRun(actor: RunActor, runId: number): Promise<void> {
  await requestCancel(actor, runId);
  wakeRun(runId);
}
