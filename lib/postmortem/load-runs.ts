import 'server-only';
import { db } from '@/lib/db';
import type { DryRun } from '@/lib/playbooks/dry-run';
import { SECRET_MASK } from '@/lib/ssh/mask-secrets';
import type { PostmortemRun } from './schema';

/**
 * The incident's playbook runs and approval requests, for the post-mortem and
 * its exports: who asked, who approved, what it ran on, how each host ended
 * and what each kill did. Requests that never became a run (rejected,
 * expired, still pending) are listed too: a refused destructive run is part
 * of what happened.
 *
 * No secret can come through: parameters are read from the stored dry run,
 * where secret values are already the mask; step output is not read at all
 * (a host's output may carry anything), only statuses, exit codes and kill
 * outcomes.
 */
export async function loadRuns(incidentId: string, now = new Date()): Promise<PostmortemRun[]> {
  const [runs, requests] = await Promise.all([
    db.playbookRun.findMany({
      where: { incidentId },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        playbookName: true,
        status: true,
        message: true,
        dryRun: true,
        requestedById: true,
        requestedBy: true,
        approvalId: true,
        createdAt: true,
        startedAt: true,
        endedAt: true,
        steps: {
          orderBy: [{ startedAt: 'asc' }, { stepIndex: 'asc' }, { attempt: 'asc' }],
          select: {
            hostId: true,
            hostName: true,
            stepId: true,
            stepName: true,
            attempt: true,
            rollback: true,
            status: true,
            exitCode: true,
            killOutcome: true,
          },
        },
      },
    }),
    db.approvalRequest.findMany({
      where: { incidentId },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        playbookName: true,
        dryRun: true,
        requestedById: true,
        requestedBy: true,
        status: true,
        expiresAt: true,
        decidedById: true,
        decidedBy: true,
        decidedAt: true,
        reason: true,
        runId: true,
        createdAt: true,
      },
    }),
  ]);
  const userIds = [
    ...new Set(
      [...runs.map((r) => r.requestedById), ...requests.flatMap((a) => [a.requestedById, a.decidedById])].filter(
        (id): id is string => id !== null,
      ),
    ),
  ];
  const users = new Map(
    (await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })).map(
      (u) => [u.id, { name: u.name || u.email, email: u.email }],
    ),
  );
  // A named actor (cli:alice, system:reconciler) has no user row: it is its own name.
  const person = (id: string | null, label: string | null) =>
    (id ? users.get(id) : undefined) ?? (label ? { name: label, email: label } : null);
  const requestById = new Map(requests.map((a) => [a.id, a]));

  const fromRuns = runs.map((run): PostmortemRun => {
    const dry = JSON.parse(run.dryRun) as DryRun;
    const approval = run.approvalId ? requestById.get(run.approvalId) : undefined;
    return {
      id: String(run.id),
      playbook: run.playbookName,
      status: run.status,
      requestedBy: person(run.requestedById, run.requestedBy),
      approvedBy: approval ? person(approval.decidedById, approval.decidedBy) : null,
      requestedAt: (approval?.createdAt ?? run.createdAt).toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      endedAt: run.endedAt?.toISOString() ?? null,
      hosts: dry.hosts.map((h) => h.name),
      params: shownParams(dry),
      link: `/runs/${run.id}`,
      result: run.message,
      approval: approval ? approvalOf(approval) : null,
      hostResults: dry.hosts.map((h) => {
        // A retried check records one row per attempt: the last attempt of each step is its outcome.
        const rows = run.steps.filter((s) => s.hostId === h.id);
        const last = rows.filter(
          (s, i) => !rows.slice(i + 1).some((t) => t.stepId === s.stepId && t.rollback === s.rollback),
        );
        return {
          host: h.name,
          status: hostStatus(last.map((s) => s.status)),
          steps: last.map((s) => ({
            name: s.stepName,
            status: s.status,
            rollback: s.rollback,
            exitCode: s.exitCode,
            kill: s.killOutcome,
          })),
        };
      }),
    };
  });

  const unrun = requests
    .filter((a) => a.runId === null)
    .map((a): PostmortemRun => {
      const dry = JSON.parse(a.dryRun) as DryRun;
      const lapsed = (a.status === 'pending' || a.status === 'approved') && a.expiresAt <= now;
      return {
        id: `approval:${a.id}`,
        playbook: a.playbookName,
        status: lapsed ? 'approval expired' : `approval ${a.status}`,
        requestedBy: person(a.requestedById, a.requestedBy),
        approvedBy: a.status === 'approved' ? person(a.decidedById, a.decidedBy) : null,
        requestedAt: a.createdAt.toISOString(),
        startedAt: null,
        endedAt: null,
        hosts: dry.hosts.map((h) => h.name),
        params: shownParams(dry),
        link: `/approvals/${a.id}`,
        result: a.status === 'rejected' ? `not run: rejected${a.reason ? ` (${a.reason})` : ''}` : 'not run',
        approval: approvalOf(a),
        hostResults: [],
      };
    });

  return [...fromRuns, ...unrun].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

function shownParams(dry: DryRun): PostmortemRun['params'] {
  return Object.entries(dry.params).map(([name, value]) =>
    value === SECRET_MASK ? { name, value: SECRET_MASK, secret: true } : { name, value, secret: false },
  );
}

function approvalOf(a: {
  id: string;
  status: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}): PostmortemRun['approval'] {
  return {
    id: a.id,
    status: a.status,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    reason: a.reason,
  };
}

/** One word for a host: failed if any last attempt failed, otherwise the most telling status. */
function hostStatus(statuses: string[]): string {
  if (statuses.length === 0) return 'not started';
  for (const s of ['failed', 'timed_out', 'cancelled', 'interrupted', 'running', 'waiting']) {
    if (statuses.includes(s)) return s;
  }
  return statuses.every((s) => s === 'succeeded' || s === 'skipped') ? 'succeeded' : (statuses.at(-1) ?? 'unknown');
}
