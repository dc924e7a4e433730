import 'server-only';
import { db } from '@/lib/db';
import { logger } from '@/lib/logger';
import { systemActor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import type { Mutation } from '@/lib/mutations/types';
import { loadHostTarget } from '@/lib/hosts/connect';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { defaultPool } from '@/lib/ssh/exec';
import { killProcessGroup } from '@/lib/ssh/kill-process-group';
import type { KillOutcome } from '@/lib/ssh/types';
import { LEASED_STATUSES } from './lease';
import { OPEN_STEP_STATUSES, planReconcile, type ReconcilePlan } from './reconcile';

/**
 * The reconciler's one I/O function: runs whose lease lapsed (the process
 * that ran them crashed, was killed, or the machine rebooted) are marked
 * `interrupted` with a timeline event; then each process group they left
 * behind is killed on its pinned host if it still lives, and that is
 * recorded too. Steps are never re-run. Acts as `system:reconciler`.
 */

export const RECONCILER = 'system:reconciler' as const;
export const RECONCILE_EVERY_MS = 10_000;
const KILL_GRACE_MS = 2_000;

export type ReconcileReport = { runId: number; kills: { hostName: string; pgid: number; outcome: KillOutcome }[] };

export async function reconcileRuns(
  now = new Date(),
  pool: ConnectionPool = defaultPool(),
): Promise<ReconcileReport[]> {
  const runs = await db.playbookRun.findMany({
    where: { status: { in: [...LEASED_STATUSES] }, OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] },
    select: { id: true, status: true, leaseOwner: true, leaseExpiresAt: true },
  });
  if (runs.length === 0) return [];
  const steps = await db.stepResult.findMany({
    where: { runId: { in: runs.map((r) => r.id) }, status: { in: [...OPEN_STEP_STATUSES] } },
    select: { id: true, runId: true, hostId: true, hostName: true, status: true, pgid: true },
  });
  const reports: ReconcileReport[] = [];
  for (const plan of planReconcile(runs, steps, now)) {
    if (!(await interrupt(plan, now))) continue;
    const kills: ReconcileReport['kills'] = [];
    for (const kill of plan.kills) {
      const outcome = await killLeftover(kill.hostId, kill.pgid, pool);
      kills.push({ hostName: kill.hostName, pgid: kill.pgid, outcome });
      await recordKill(plan.runId, kill, outcome);
    }
    reports.push({ runId: plan.runId, kills });
  }
  return reports;
}

class NoLongerStale extends Error {}

/** Marks the run interrupted, only if its lease is still lapsed (a runner that woke up in time keeps it). */
async function interrupt(plan: ReconcilePlan, now: Date): Promise<boolean> {
  try {
    await commitMutation(systemActor(RECONCILER), async (tx): Promise<Mutation<null>> => {
      const taken = await tx.playbookRun.updateMany({
        where: {
          id: plan.runId,
          status: { in: [...LEASED_STATUSES] },
          OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
        },
        data: {
          status: 'interrupted',
          endedAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
          message: 'the runner stopped renewing its lease',
        },
      });
      if (taken.count !== 1) throw new NoLongerStale();
      await tx.stepResult.updateMany({
        where: { id: { in: plan.steps } },
        data: { status: 'interrupted', endedAt: now },
      });
      await tx.hostLock.deleteMany({ where: { runId: plan.runId } });
      const run = await tx.playbookRun.findUniqueOrThrow({
        where: { id: plan.runId },
        select: { incidentId: true, playbookName: true },
      });
      const unknown = plan.unknown.length
        ? `; no process group was recorded on ${plan.unknown.map((u) => u.hostName).join(', ')}`
        : '';
      return {
        data: null,
        audit: {
          action: 'playbook.run.interrupted',
          targetType: 'playbook-run',
          targetId: String(plan.runId),
          payload: {
            steps: plan.steps,
            toKill: plan.kills.map((k) => ({ host: k.hostName, pgid: k.pgid })),
            unknownPgid: plan.unknown.map((u) => u.hostName),
          },
        },
        ...(run.incidentId
          ? {
              timeline: {
                incidentId: run.incidentId,
                kind: 'playbook-run',
                summary: `${RECONCILER}: run #${plan.runId} (${run.playbookName}) interrupted: its runner stopped; no step is re-run${unknown}`,
              },
            }
          : {}),
      };
    });
    return true;
  } catch (err) {
    if (err instanceof NoLongerStale) return false;
    throw err;
  }
}

async function killLeftover(hostId: string, pgid: number, pool: ConnectionPool): Promise<KillOutcome> {
  try {
    const target = await loadHostTarget(hostId);
    if (!target.hostKeyPin) return 'unreachable';
    return await killProcessGroup(pool, target, pgid, KILL_GRACE_MS, { checkFirst: true });
  } catch (err) {
    logger().warn({ err: { message: (err as Error)?.message }, hostId, pgid }, 'reconciler could not reach host');
    return 'unreachable';
  }
}

async function recordKill(runId: number, kill: ReconcilePlan['kills'][number], outcome: KillOutcome): Promise<void> {
  await commitMutation(systemActor(RECONCILER), async (tx): Promise<Mutation<null>> => {
    await tx.stepResult.update({
      where: { id: kill.stepResultId },
      data: {
        killOutcome: outcome,
        message: `interrupted; ${RECONCILER} found process group ${kill.pgid}: ${outcome}`,
      },
      select: { id: true },
    });
    const run = await tx.playbookRun.findUniqueOrThrow({ where: { id: runId }, select: { incidentId: true } });
    return {
      data: null,
      audit: {
        action: 'playbook.step.reconciled',
        targetType: 'playbook-run',
        targetId: String(runId),
        payload: { host: kill.hostName, pgid: kill.pgid, kill: outcome, stepResultId: kill.stepResultId },
      },
      ...(run.incidentId
        ? {
            timeline: {
              incidentId: run.incidentId,
              kind: 'playbook-run',
              summary: `${RECONCILER}: process group ${kill.pgid} of run #${runId} on ${kill.hostName}: ${outcome}`,
            },
          }
        : {}),
    };
  });
}

const g = globalThis as unknown as { __warroomReconciler?: NodeJS.Timeout };

/** On start and every RECONCILE_EVERY_MS. Idempotent; one timer per process. */
export function startReconciler(say: (line: string) => void = () => {}): void {
  if (g.__warroomReconciler) return;
  const tick = async () => {
    try {
      for (const r of await reconcileRuns()) {
        say(
          `warroom: ${RECONCILER}: run #${r.runId} interrupted${r.kills.map((k) => `; ${k.hostName} pgid ${k.pgid}: ${k.outcome}`).join('')}`,
        );
      }
    } catch (err) {
      logger().error({ err: { message: (err as Error)?.message } }, 'reconciler failed');
    }
  };
  void tick();
  g.__warroomReconciler = setInterval(() => void tick(), RECONCILE_EVERY_MS);
  g.__warroomReconciler.unref();
}
