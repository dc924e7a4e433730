import 'server-only';
import { db } from '@/lib/db';
import type { DryRun } from '@/lib/playbooks/dry-run';
import type { ApprovalStatus } from './approval-rules';

/** What the approval pages, the nav badge and the incident page read. */

export type ApprovalView = {
  id: string;
  playbookName: string;
  digest: string;
  dryRun: DryRun;
  status: ApprovalStatus;
  /** Shown as "expired" once past expiresAt, whatever is stored: nothing is written when time passes. */
  expired: boolean;
  requestedById: string | null;
  requestedBy: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  expiresAt: Date;
  createdAt: Date;
  runId: number | null;
  incident: { slug: string; title: string } | null;
  checklistItemId: string | null;
};

const select = {
  id: true,
  playbookName: true,
  digest: true,
  dryRun: true,
  status: true,
  requestedById: true,
  requestedBy: true,
  decidedBy: true,
  decidedAt: true,
  reason: true,
  expiresAt: true,
  createdAt: true,
  runId: true,
  incidentId: true,
  checklistItemId: true,
} as const;

type Row = { [K in keyof typeof select]: unknown } & { incidentId: string | null };

async function toViews(rows: Row[], now: Date): Promise<ApprovalView[]> {
  const ids = [...new Set(rows.map((r) => r.incidentId).filter((x): x is string => Boolean(x)))];
  const incidents = ids.length
    ? await db.incident.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true, title: true } })
    : [];
  const byId = new Map(incidents.map((i) => [i.id, { slug: i.slug, title: i.title }]));
  return rows.map((r) => {
    const status = r.status as ApprovalStatus;
    const expiresAt = r.expiresAt as Date;
    return {
      id: r.id as string,
      playbookName: r.playbookName as string,
      digest: r.digest as string,
      dryRun: JSON.parse(r.dryRun as string) as DryRun,
      status,
      expired: (status === 'pending' || status === 'approved') && expiresAt <= now,
      requestedById: r.requestedById as string | null,
      requestedBy: r.requestedBy as string,
      decidedBy: r.decidedBy as string | null,
      decidedAt: r.decidedAt as Date | null,
      reason: r.reason as string | null,
      expiresAt,
      createdAt: r.createdAt as Date,
      runId: r.runId as number | null,
      incident: r.incidentId ? (byId.get(r.incidentId) ?? null) : null,
      checklistItemId: r.checklistItemId as string | null,
    };
  });
}

export async function getApprovalView(id: string, now = new Date()): Promise<ApprovalView | null> {
  const row = await db.approvalRequest.findUnique({ where: { id }, select });
  return row ? ((await toViews([row], now))[0] ?? null) : null;
}

export async function listApprovals(
  opts: { incidentId?: string; open?: boolean; take?: number } = {},
  now = new Date(),
): Promise<ApprovalView[]> {
  const rows = await db.approvalRequest.findMany({
    where: {
      ...(opts.incidentId ? { incidentId: opts.incidentId } : {}),
      ...(opts.open ? { status: { in: ['pending', 'approved'] }, expiresAt: { gt: now } } : {}),
    },
    orderBy: { createdAt: 'desc' },
    take: opts.take ?? 50,
    select,
  });
  return toViews(rows, now);
}

/** Pending and unexpired: what the nav badge counts for an approver. */
export async function countPendingApprovals(now = new Date()): Promise<number> {
  return db.approvalRequest.count({ where: { status: 'pending', expiresAt: { gt: now } } });
}
