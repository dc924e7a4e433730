import 'server-only';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { actorUserId, isNamedActor, type Actor } from '@/lib/audit/actor';
import { bookkeepingGrouped, commitMutation, commitMutationGrouped } from '@/lib/mutations/commit-mutation';
import { bookkeeping as writeBookkeeping } from '@/lib/mutations/bookkeeping';
import { newRowId } from '@/lib/mutations/insert-many';
import { txStatements } from '@/lib/mutations/tx-statements';
import type { AuditRecord, Mutation } from '@/lib/mutations/types';
import type { KillOutcome } from '@/lib/ssh/types';
import { assertApprovalCovers, markApprovalUsed } from '@/lib/approvals/approvals';
import type { DryRun } from './dry-run';
import { leaseExpiry } from './lease';
import type { OutputWindow } from './output-window';
import type { HostStatus, RunStatus } from './run-state';

/**
 * Every database write of a run. State changes (requested, started, each
 * step's intent and result, each host's result, finished, cancel, kill
 * outcomes) are audited; lease heartbeats, PGIDs and output are
 * bookkeeping, written often and not audited one by one.
 */

export type RunActor = Actor;

type RunRef = { id: number; incidentId: string | null; playbookName: string };

type RunChange<T> = { data: T; audit: AuditRecord; timeline?: { incidentId: string | null; summary: string } };

/**
 * One audited change. A timeline event only when the run belongs to an
 * incident and the change matters to it (requested, started, a host's
 * result, finished): 20 steps on 20 hosts must not write 400 events.
 */
async function commitRunChange<T>(actor: Actor, work: (tx: Tx) => Promise<RunChange<T>>) {
  return commitMutation(actor, async (tx) => toMutation(await work(tx)));
}

/**
 * The same, group-committed: a step boundary (the result of step k, the
 * intent of step k+1, a host's result, the run's end) and the same boundary
 * on other hosts share one transaction and one fsync. Each still resolves
 * only once it is on disk. Called synchronously up to the queueing, so what
 * one runner transition records lands in the same group.
 */
function commitRunStep<T>(actor: Actor, work: (tx: Tx) => Promise<RunChange<T>>) {
  return commitMutationGrouped(actor, async (tx) => toMutation(await work(tx)));
}

function toMutation<T>(change: RunChange<T>): Mutation<T> {
  const incidentId = change.timeline?.incidentId;
  return {
    data: change.data,
    audit: change.audit,
    ...(incidentId ? { timeline: { incidentId, kind: 'playbook-run', summary: change.timeline!.summary } } : {}),
  };
}

/** Lease, PGID and output: high-volume, not audited one by one (the state changes they lead to are). */
function bookkeeping<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return writeBookkeeping('playbook-run', work);
}

export type NewRun = {
  dry: DryRun;
  source: string;
  incidentId: string | null;
  timeoutMs: number;
  /** A destructive run starts only from an approval that covers exactly this dry run (lib/approvals). */
  approvalId?: string | null;
  /** The checklist item this run is evidence for. */
  checklistItemId?: string | null;
};

/** The run row and its request audit, inside the caller's transaction (the run form's action, the CLI). */
export async function createRunMutation(
  tx: Tx,
  actor: Actor,
  via: string,
  run: NewRun,
): Promise<Mutation<{ id: number }>> {
  const change = await createRunChange(tx, actor, via, run);
  return toMutation(change);
}

export async function createRun(actor: RunActor, via: string, run: NewRun): Promise<{ id: number; seq: number }> {
  const { data, seq } = await commitRunChange(actor, (tx) => createRunChange(tx, actor, via, run));
  return { id: data.id, seq };
}

async function createRunChange(tx: Tx, actor: Actor, via: string, run: NewRun): Promise<RunChange<{ id: number }>> {
  // Checked here, in the transaction that creates the run, so no caller can start a destructive run without it.
  const approval = run.dry.playbook.destructive ? await requireApproval(tx, actor, run) : null;
  await assertHostsFree(tx, run.dry);
  const row = await tx.playbookRun.create({
    data: {
      playbookName: run.dry.playbook.name,
      playbookHash: run.dry.playbook.hash,
      playbookSource: run.source,
      destructive: run.dry.playbook.destructive,
      params: JSON.stringify(run.dry.params),
      dryRun: JSON.stringify(run.dry),
      digest: run.dry.digest,
      status: approval ? 'approved' : 'requested',
      // An approval asked for from an incident (or its checklist item) keeps the run there, from the CLI too.
      incidentId: run.incidentId ?? approval?.incidentId ?? null,
      requestedById: actorUserId(actor),
      requestedBy: actorLabel(actor),
      approvedById: approval?.decidedById ?? null,
      approvalId: approval?.id ?? null,
      checklistItemId: run.checklistItemId ?? approval?.checklistItemId ?? null,
      timeoutMs: run.timeoutMs,
    },
    select: { id: true, incidentId: true, checklistItemId: true },
  });
  if (approval) await markApprovalUsed(tx, approval.id, row.id);
  const hosts = run.dry.hosts.map((h) => h.name).join(', ');
  const approvedBy = approval ? ` (approved by ${approval.decidedBy}, approval ${approval.id})` : '';
  return {
    data: { id: row.id },
    audit: {
      action: 'playbook.run.request',
      targetType: 'playbook-run',
      targetId: String(row.id),
      payload: {
        playbook: run.dry.playbook.name,
        hash: run.dry.playbook.hash,
        digest: run.dry.digest,
        params: run.dry.params,
        hosts: run.dry.hosts.map((h) => ({ name: h.name, fingerprint: h.fingerprint })),
        via,
        ...(approval ? { approvalId: approval.id, approvedBy: approval.decidedBy } : {}),
        ...(row.checklistItemId ? { checklistItemId: row.checklistItemId } : {}),
      },
    },
    timeline: {
      incidentId: row.incidentId,
      summary: `${actorLabel(actor)} requested run #${row.id}: ${run.dry.playbook.name} on ${hosts}${approvedBy}`,
    },
  };
}

async function requireApproval(tx: Tx, actor: Actor, run: NewRun) {
  if (!run.approvalId) throw needsApproval(run.dry.playbook.name);
  const approval = await assertApprovalCovers(tx, run.approvalId, run.dry, actor);
  const row = await tx.approvalRequest.findUniqueOrThrow({
    where: { id: approval.id },
    select: { id: true, decidedById: true, decidedBy: true, incidentId: true, checklistItemId: true },
  });
  return row;
}

/** Refused before anything is recorded or sent: there is no break-glass. */
export function needsApproval(name: string): AppError {
  return new AppError(
    'forbidden:needs-approval',
    `${name} is destructive: it needs approval by a second person (a commander or admin) for exactly this dry run. Nothing ran. Ask for approval from the run form (the CLI acts on one with --approval <id>); alone, use a non-destructive playbook, or do it by hand and record it as a note.`,
  );
}

/** A user's email or a named actor's name (cli:alice, system:reconciler). */
export function actorLabel(actor: Actor): string {
  return isNamedActor(actor) ? actor.name : actor.email;
}

/** "host busy: run #N by X since 04:12" — checked at request time and again when the lock is taken. */
async function assertHostsFree(tx: Tx, dry: DryRun): Promise<void> {
  if (!dry.playbook.destructive) return;
  const locks = await tx.hostLock.findMany({ where: { hostId: { in: dry.hosts.map((h) => h.id) } } });
  const [lock] = locks;
  if (!lock) return;
  const name = dry.hosts.find((h) => h.id === lock.hostId)?.name ?? lock.hostId;
  throw new AppError(
    'conflict:host-busy',
    `host busy: ${name} is running run #${lock.runId} by ${lock.lockedBy} since ${lock.lockedAt.toISOString().slice(11, 16)} UTC. One destructive run per host at a time.`,
  );
}

/**
 * Takes a requested (or approved) run: running, leased to `owner`, and for a
 * destructive playbook one lock row per host — the primary key makes a
 * second destructive run on the same host fail, across processes.
 */
export async function claimRun(actor: RunActor, runId: number, owner: string, now = new Date()) {
  return commitRunChange(actor, async (tx) => {
    const run = await tx.playbookRun.findUnique({
      where: { id: runId },
      select: {
        id: true,
        status: true,
        destructive: true,
        dryRun: true,
        incidentId: true,
        playbookName: true,
        requestedBy: true,
      },
    });
    if (!run) throw new AppError('not_found:run', `No run #${runId}.`);
    const claimed = await tx.playbookRun.updateMany({
      where: { id: runId, status: { in: ['requested', 'approved'] } },
      data: { status: 'running', leaseOwner: owner, leaseExpiresAt: leaseExpiry(now), startedAt: now },
    });
    if (claimed.count !== 1)
      throw new AppError('conflict:run-started', `Run #${runId} is ${run.status}, not waiting to start.`);
    const dry = JSON.parse(run.dryRun) as DryRun;
    if (run.destructive) {
      await assertHostsFree(tx, dry);
      for (const host of dry.hosts) {
        await tx.hostLock.create({ data: { hostId: host.id, runId, lockedBy: run.requestedBy, lockedAt: now } });
      }
    }
    return {
      data: { run, dry },
      audit: {
        action: 'playbook.run.start',
        targetType: 'playbook-run',
        targetId: String(runId),
        payload: { owner, locked: run.destructive ? dry.hosts.map((h) => h.name) : [] },
      },
      timeline: { incidentId: run.incidentId, summary: `run #${runId} (${run.playbookName}) started` },
    };
  });
}

export type LeaseCheck = { held: boolean; cancelRequested: boolean; cancelledBy: string | null };

/** Renews the lease; tells the runner whether it still holds it and whether someone asked to cancel. */
export async function renewLease(runId: number, owner: string, now = new Date()): Promise<LeaseCheck> {
  return bookkeeping(async (tx) => {
    const renewed = await tx.playbookRun.updateMany({
      where: { id: runId, leaseOwner: owner, status: { in: ['running', 'stopping'] } },
      data: { leaseExpiresAt: leaseExpiry(now) },
    });
    const row = await tx.playbookRun.findUnique({
      where: { id: runId },
      select: { cancelRequestedAt: true, cancelRequestedBy: true },
    });
    return {
      held: renewed.count === 1,
      cancelRequested: Boolean(row?.cancelRequestedAt),
      cancelledBy: row?.cancelRequestedBy ?? null,
    };
  });
}

export type StepStart = {
  hostId: string;
  hostName: string;
  fingerprint: string | null;
  stepIndex: number;
  stepId: string;
  stepName: string;
  kind: string;
  attempt: number;
  rollback: boolean;
  command: string | null;
  status: 'running' | 'waiting' | 'skipped';
  message?: string | null;
};

const STEP_COLUMNS =
  '"id", "runId", "hostId", "hostName", "fingerprint", "stepIndex", "stepId", "stepName", "kind", "attempt", "rollback", "command", "status", "message", "startedAt", "endedAt", "intentSeq"';

/** The step's row: one per step that started (or waits, or was skipped). */
async function insertStepRow(
  tx: Tx,
  what: string,
  runId: number,
  id: string,
  step: StepStart,
  intentSeq: number | null = null,
): Promise<void> {
  const sql = await txStatements(tx, what);
  const now = new Date();
  sql.run(`INSERT INTO "StepResult" (${STEP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    id,
    runId,
    step.hostId,
    step.hostName,
    step.fingerprint,
    step.stepIndex,
    step.stepId,
    step.stepName,
    step.kind,
    step.attempt,
    step.rollback,
    step.command,
    step.status,
    step.message ?? null,
    now,
    step.status === 'skipped' ? now : null,
    intentSeq,
  ]);
}

function intentAudit(run: RunRef, step: StepStart, after?: string): AuditRecord {
  const action =
    step.status === 'running'
      ? 'playbook.step.intent'
      : step.status === 'waiting'
        ? 'playbook.step.confirm-wait'
        : 'playbook.step.skip';
  return {
    action,
    targetType: 'playbook-run',
    targetId: String(run.id),
    payload: {
      step: step.stepId,
      host: step.hostName,
      fingerprint: step.fingerprint,
      attempt: step.attempt,
      rollback: step.rollback,
      command: step.command,
      ...(step.message ? { message: step.message } : {}),
      ...(after ? { after } : {}),
    },
  };
}

/** The intent: committed (synchronous = FULL) before the command leaves for the host. */
export async function recordStepIntent(
  actor: RunActor,
  run: RunRef,
  step: StepStart,
): Promise<{ id: string; seq: number }> {
  const { data, seq } = await commitRunStep(actor, async (tx) => {
    const row = { id: newRowId() };
    await insertStepRow(tx, 'recordStepIntent', run.id, row.id, step);
    return { data: row, audit: intentAudit(run, step) };
  });
  // Its seq reaches the row with the result (one commit, one fsync, fewer per step).
  return { id: data.id, seq };
}

/**
 * The intent of the step that runs next on a host if the running one passes
 * (`after`: that step's id), committed while the running one still runs, so
 * the next command can leave the moment this one ends: its intent is
 * already on disk. No row yet — a row is a step that started
 * (recordStepStarted); if the run takes another path the intent is
 * withdrawn (recordStepWithdrawn). Same entry, same action, as any intent.
 */
export async function recordStepIntentAhead(
  actor: RunActor,
  run: RunRef,
  step: StepStart,
  after: string,
): Promise<{ seq: number }> {
  const { seq } = await commitRunStep(actor, async () => ({
    data: null,
    audit: intentAudit(run, { ...step, status: 'running' }, after),
  }));
  return { seq };
}

/**
 * The row of a step whose intent was committed ahead, written once its
 * command has left: bookkeeping, in the same commit as the previous step's
 * result (the intent is the audited record; this is its row).
 */
export async function recordStepStarted(run: RunRef, id: string, step: StepStart, intentSeq: number): Promise<void> {
  await bookkeepingGrouped('playbook-step-started', async (tx) => {
    await insertStepRow(tx, 'recordStepStarted', run.id, id, { ...step, status: 'running' }, intentSeq);
  });
}

/** An intent recorded ahead whose step will not run: the step before it did not pass, or the run stopped. */
export async function recordStepWithdrawn(
  actor: RunActor,
  run: RunRef,
  step: { stepId: string; hostName: string; attempt: number; intentSeq: number },
  reason: string,
): Promise<void> {
  await commitRunStep(actor, async () => ({
    data: null,
    audit: {
      action: 'playbook.step.withdraw',
      targetType: 'playbook-run',
      targetId: String(run.id),
      payload: { step: step.stepId, host: step.hostName, attempt: step.attempt, intentSeq: step.intentSeq, reason },
    },
  }));
}

export async function recordPgid(stepResultId: string, pgid: number): Promise<void> {
  await bookkeeping(async (tx) => {
    const sql = await txStatements(tx, 'recordPgid');
    sql.run('UPDATE "StepResult" SET "pgid" = ? WHERE "id" = ?', [pgid, stepResultId]);
  });
}

export async function flushOutput(stepResultId: string, window: OutputWindow): Promise<void> {
  await bookkeeping(async (tx) => {
    const sql = await txStatements(tx, 'flushOutput');
    sql.run(
      'UPDATE "StepResult" SET "outputHead" = ?, "outputTail" = ?, "outputCut" = ?, "outputTotal" = ? WHERE "id" = ?',
      [window.head, window.tail, window.cut, window.total, stepResultId],
    );
  });
}

export type StepEnd = {
  status: string;
  exitCode: number | null;
  signal: string | null;
  pgid: number | null;
  killOutcome: KillOutcome | null;
  message: string | null;
  durationMs: number;
  output: OutputWindow;
};

export async function recordStepResult(
  actor: RunActor,
  run: RunRef,
  step: { id: string; intentSeq: number; stepId: string; hostName: string },
  end: StepEnd,
): Promise<number> {
  const { seq } = await commitRunStep(actor, async (tx) => {
    const sql = await txStatements(tx, 'recordStepResult');
    const changed = sql.run(
      'UPDATE "StepResult" SET "status" = ?, "exitCode" = ?, "signal" = ?, "pgid" = ?, "killOutcome" = ?, "message" = ?, "outputHead" = ?, "outputTail" = ?, "outputCut" = ?, "outputTotal" = ?, "intentSeq" = ?, "endedAt" = ? WHERE "id" = ?',
      [
        end.status,
        end.exitCode,
        end.signal,
        end.pgid,
        end.killOutcome,
        end.message,
        end.output.head,
        end.output.tail,
        end.output.cut,
        end.output.total,
        step.intentSeq,
        new Date(),
        step.id,
      ],
    );
    if (changed !== 1) throw new Error(`recordStepResult: no step result ${step.id}`);
    return {
      data: null,
      audit: {
        action: 'playbook.step.result',
        targetType: 'playbook-run',
        targetId: String(run.id),
        payload: {
          step: step.stepId,
          stepResultId: step.id,
          host: step.hostName,
          intentSeq: step.intentSeq,
          status: end.status,
          exitCode: end.exitCode,
          signal: end.signal,
          pgid: end.pgid,
          kill: end.killOutcome,
          durationMs: end.durationMs,
          outputChars: end.output.total,
        },
      },
    };
  });
  return seq;
}

export async function confirmStepMutation(
  tx: Tx,
  actor: Actor,
  runId: number,
  stepResultId: string,
): Promise<Mutation<{ runId: number }>> {
  const by = actorLabel(actor);
  const done = await tx.stepResult.updateMany({
    where: { id: stepResultId, runId, status: 'waiting' },
    data: { status: 'confirmed', message: `confirmed by ${by}`, endedAt: new Date() },
  });
  if (done.count !== 1)
    throw new AppError('conflict:step-not-waiting', 'This step is not waiting for a confirmation any more.');
  return {
    data: { runId },
    audit: {
      action: 'playbook.step.confirm',
      targetType: 'playbook-run',
      targetId: String(runId),
      payload: { stepResultId, by },
    },
  };
}

export async function recordHostDone(
  actor: RunActor,
  run: RunRef,
  host: { id: string; name: string },
  status: HostStatus,
  failedStep: string | null,
  /** The host's plan has a confirm step, so a confirmation nobody gave may still be open. */
  mayWait = true,
): Promise<void> {
  await commitRunStep(actor, async (tx) => {
    // Whatever this host left open (a confirm nobody gave) closes with it.
    if (mayWait) {
      const sql = await txStatements(tx, 'recordHostDone');
      sql.run(
        'UPDATE "StepResult" SET "status" = ?, "endedAt" = ? WHERE "runId" = ? AND "hostId" = ? AND "status" = ?',
        [status, new Date(), run.id, host.id, 'waiting'],
      );
    }
    return {
      data: null,
      audit: {
        action: 'playbook.host.result',
        targetType: 'playbook-run',
        targetId: String(run.id),
        payload: { host: host.name, status, failedStep },
      },
      // Not-started hosts are part of the run's result; they do not get an event each.
      timeline:
        status === 'not-started'
          ? undefined
          : {
              incidentId: run.incidentId,
              summary: `run #${run.id} on ${host.name}: ${status}${failedStep ? ` (step ${failedStep} failed)` : ''}`,
            },
    };
  });
}

export async function recordRunDone(
  actor: RunActor,
  run: RunRef,
  status: RunStatus,
  message: string | null,
): Promise<void> {
  await commitRunStep(actor, async (tx) => {
    await tx.playbookRun.update({
      where: { id: run.id },
      data: { status, endedAt: new Date(), leaseOwner: null, leaseExpiresAt: null, message },
      select: { id: true },
    });
    await tx.hostLock.deleteMany({ where: { runId: run.id } });
    return {
      data: null,
      audit: {
        action: 'playbook.run.finish',
        targetType: 'playbook-run',
        targetId: String(run.id),
        payload: { status, message },
      },
      timeline: {
        incidentId: run.incidentId,
        summary: `run #${run.id} (${run.playbookName}) ${status}${message ? `: ${message}` : ''}`,
      },
    };
  });
}

/** One click, never needs approval: the runner sees it at its next heartbeat (at once in this process). */
export async function cancelRunMutation(tx: Tx, actor: Actor, runId: number): Promise<Mutation<{ runId: number }>> {
  const by = actorLabel(actor);
  const run = await tx.playbookRun.findUnique({ where: { id: runId }, select: { status: true, incidentId: true } });
  if (!run) throw new AppError('not_found:run', `No run #${runId}.`);
  const now = new Date();
  // Not started yet: nothing runs anywhere, so it is cancelled here and now.
  const unstarted = await tx.playbookRun.updateMany({
    where: { id: runId, status: { in: ['requested', 'approved'] } },
    data: { status: 'cancelled', cancelRequestedAt: now, cancelRequestedBy: by, endedAt: now },
  });
  const updated =
    unstarted.count === 1
      ? unstarted
      : await tx.playbookRun.updateMany({
          where: { id: runId, status: { in: ['running', 'stopping'] }, cancelRequestedAt: null },
          data: { cancelRequestedAt: now, cancelRequestedBy: by },
        });
  if (updated.count !== 1)
    throw new AppError('conflict:run-not-running', `Run #${runId} is ${run.status}; there is nothing to cancel.`);
  return toMutation({
    data: { runId },
    audit: { action: 'playbook.run.cancel', targetType: 'playbook-run', targetId: String(runId), payload: { by } },
    timeline: { incidentId: run.incidentId, summary: `${by} cancelled run #${runId}` },
  });
}

export async function requestCancel(actor: RunActor, runId: number): Promise<void> {
  await commitMutation(actor, (tx) => cancelRunMutation(tx, actor, runId));
}
