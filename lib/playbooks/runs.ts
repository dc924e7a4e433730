import 'server-only';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/logger';
import type { ConnectionPool } from '@/lib/ssh/connection-pool';
import { dryRunPlaybook, type DryRunRequest } from './dry-run-playbook';
import type { DryRun } from './dry-run';
import { describeParamErrors, validateParams } from './params';
import { createRun, requestCancel, type RunActor } from './run-records';
import type { RunStatus } from './run-state';
import { executeRun, wakeRun } from './runner';
import { findPlaybook } from './saved-playbooks';

/**
 * Starting and stopping runs. A run starts from a fresh dry run; when the
 * person saw one (the run form), its digest must still be the same, so what
 * runs is what they read. Destructive playbooks need a second person's
 * approval, which the approvals feature brings: until then they are refused
 * before anything is recorded or sent.
 */

export type StartRunRequest = DryRunRequest & {
  incidentId?: string | null;
  /** Secret parameter values (never stored; they reach the command over stdin). */
  secrets?: Record<string, string>;
  /** The digest of the dry run the person looked at. */
  expectedDigest?: string;
};

export type StartedRun = { runId: number; dry: DryRun; done: Promise<RunStatus> };

export function needsApproval(name: string): AppError {
  return new AppError(
    'forbidden:needs-approval',
    `${name} is destructive: it needs approval by a second person (a commander or admin) for exactly this dry run, and approvals are not available yet. Nothing ran. Use a non-destructive playbook, or do it by hand and record it as a note.`,
  );
}

export async function startRun(
  actor: RunActor,
  request: StartRunRequest,
  { via = 'web', pool }: { via?: string; pool?: ConnectionPool } = {},
): Promise<StartedRun> {
  const playbook = await findPlaybook(request.playbook);
  // Refused before any observation: a destructive playbook does not even look at hosts without an approval.
  if (playbook.definition.destructive) throw needsApproval(playbook.definition.name);
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
  const { id } = await createRun(actor, via, {
    dry,
    source: playbook.source,
    incidentId: request.incidentId ?? null,
    timeoutMs: playbook.definition.timeout,
    status: 'requested',
  });
  const done = executeRun(id, { actor, secrets: withSecrets.params.secrets, pool }).catch((err: unknown) => {
    logger().error({ err: { message: (err as Error)?.message }, runId: id }, 'run did not start');
    return 'failed' as RunStatus;
  });
  return { runId: id, dry, done };
}

export async function cancelRun(actor: RunActor, runId: number, by: string): Promise<void> {
  await requestCancel(actor, runId, by);
  wakeRun(runId);
}
