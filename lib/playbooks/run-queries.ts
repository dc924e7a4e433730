import 'server-only';
import { db } from '@/lib/db';
import type { DryRun } from './dry-run';
import type { OutputWindow } from './output-window';

/** What the run pages and the CLI show of a run. Output and commands only when asked (host:view). */

export type RunStepView = {
  id: string;
  stepIndex: number;
  stepId: string;
  stepName: string;
  kind: string;
  attempt: number;
  rollback: boolean;
  status: string;
  command: string | null;
  exitCode: number | null;
  killOutcome: string | null;
  message: string | null;
  pgid: number | null;
  intentSeq: number | null;
  resultSeq: number | null;
  startedAt: string;
  endedAt: string | null;
  output: OutputWindow;
};

export type RunHostView = {
  id: string;
  name: string;
  fingerprint: string | null;
  status: string;
  /** Steps that run in the normal flow (not rollback, not skipped at dry-run time). */
  totalSteps: number;
  doneSteps: number;
  steps: RunStepView[];
};

export type RunView = {
  id: number;
  playbookName: string;
  playbookHash: string;
  destructive: boolean;
  status: string;
  message: string | null;
  requestedBy: string;
  incident: { slug: string; title: string } | null;
  digest: string;
  params: Record<string, string>;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  cancelRequestedBy: string | null;
  /** The approval a destructive run consumed. */
  approvalId: string | null;
  hosts: RunHostView[];
};

const HIDDEN: OutputWindow = { head: '', tail: '', cut: 0, total: 0 };

export async function loadRunView(
  runId: number,
  { detail = true }: { detail?: boolean } = {},
): Promise<RunView | null> {
  const run = await db.playbookRun.findUnique({
    where: { id: runId },
    select: {
      id: true,
      playbookName: true,
      playbookHash: true,
      destructive: true,
      status: true,
      message: true,
      requestedBy: true,
      incidentId: true,
      digest: true,
      params: true,
      dryRun: true,
      createdAt: true,
      startedAt: true,
      endedAt: true,
      cancelRequestedBy: true,
      approvalId: true,
      steps: { orderBy: [{ startedAt: 'asc' }, { stepIndex: 'asc' }, { attempt: 'asc' }] },
    },
  });
  if (!run) return null;
  const incident = run.incidentId
    ? await db.incident.findUnique({ where: { id: run.incidentId }, select: { slug: true, title: true } })
    : null;
  const entries = await db.auditEntry.findMany({
    where: {
      targetType: 'playbook-run',
      targetId: String(runId),
      action: { in: ['playbook.host.result', 'playbook.step.result'] },
    },
    select: { seq: true, action: true, payload: true },
  });
  const hostStatus = new Map<string, string>();
  const resultSeq = new Map<string, number>();
  for (const e of entries) {
    const p = JSON.parse(e.payload) as { host: string; status: string; stepResultId?: string };
    if (e.action === 'playbook.host.result') hostStatus.set(p.host, p.status);
    else if (p.stepResultId) resultSeq.set(p.stepResultId, e.seq);
  }
  const dry = JSON.parse(run.dryRun) as DryRun;
  const hosts = dry.hosts.map((h): RunHostView => {
    const steps = run.steps
      .filter((s) => s.hostId === h.id)
      .map((s): RunStepView => ({
        id: s.id,
        stepIndex: s.stepIndex,
        stepId: s.stepId,
        stepName: s.stepName,
        kind: s.kind,
        attempt: s.attempt,
        rollback: s.rollback,
        status: s.status,
        command: detail ? s.command : null,
        exitCode: s.exitCode,
        killOutcome: s.killOutcome,
        message: detail ? s.message : null,
        pgid: detail ? s.pgid : null,
        intentSeq: s.intentSeq,
        resultSeq: resultSeq.get(s.id) ?? s.resultSeq,
        startedAt: s.startedAt.toISOString(),
        endedAt: s.endedAt?.toISOString() ?? null,
        output: detail ? { head: s.outputHead, tail: s.outputTail, cut: s.outputCut, total: s.outputTotal } : HIDDEN,
      }));
    const normal = h.steps.filter((s) => s.kind !== 'rollback');
    const finishedIndexes = new Set(
      steps.filter((s) => !s.rollback && !['running', 'waiting'].includes(s.status)).map((s) => s.stepIndex),
    );
    const live = steps.some((s) => s.status === 'running' || s.status === 'waiting');
    return {
      id: h.id,
      name: h.name,
      fingerprint: detail ? h.fingerprint : null,
      status: hostStatus.get(h.name) ?? (live ? 'running' : run.status === 'running' ? 'pending' : run.status),
      totalSteps: normal.length,
      doneSteps: finishedIndexes.size,
      steps,
    };
  });
  return {
    id: run.id,
    playbookName: run.playbookName,
    playbookHash: run.playbookHash,
    destructive: run.destructive,
    status: run.status,
    message: run.message,
    requestedBy: run.requestedBy,
    incident,
    digest: run.digest,
    params: detail ? (JSON.parse(run.params) as Record<string, string>) : {},
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    endedAt: run.endedAt?.toISOString() ?? null,
    cancelRequestedBy: run.cancelRequestedBy,
    approvalId: run.approvalId,
    hosts: detail ? hosts : hosts.map((h) => ({ ...h, name: h.name })),
  };
}

export type RunListFilter = { incidentId?: string; hostId?: string; status?: string };

export type RunListItem = {
  id: number;
  playbookName: string;
  status: string;
  requestedBy: string;
  createdAt: string;
  endedAt: string | null;
  hosts: string[];
  incident: { slug: string; title: string } | null;
};

export async function listRuns(filter: RunListFilter = {}, take = 100): Promise<RunListItem[]> {
  const rows = await db.playbookRun.findMany({
    where: {
      ...(filter.incidentId ? { incidentId: filter.incidentId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.hostId ? { dryRun: { contains: JSON.stringify(filter.hostId) } } : {}),
    },
    orderBy: { id: 'desc' },
    take,
    select: {
      id: true,
      playbookName: true,
      status: true,
      requestedBy: true,
      createdAt: true,
      endedAt: true,
      dryRun: true,
      incidentId: true,
    },
  });
  const incidentIds = [...new Set(rows.flatMap((r) => (r.incidentId ? [r.incidentId] : [])))];
  const incidents = new Map(
    (
      await db.incident.findMany({ where: { id: { in: incidentIds } }, select: { id: true, slug: true, title: true } })
    ).map((i) => [i.id, { slug: i.slug, title: i.title }]),
  );
  return rows.map((r) => ({
    id: r.id,
    playbookName: r.playbookName,
    status: r.status,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    hosts: (JSON.parse(r.dryRun) as DryRun).hosts.map((h) => h.name),
    incident: r.incidentId ? (incidents.get(r.incidentId) ?? null) : null,
  }));
}

export async function runExists(runId: number): Promise<boolean> {
  return (await db.playbookRun.count({ where: { id: runId } })) === 1;
}
