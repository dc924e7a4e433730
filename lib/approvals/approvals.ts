import 'server-only';
import type { Tx } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import { isNamedActor, type Actor } from '@/lib/audit/actor';
import { AuditedRefusal } from '@/lib/mutations/audited-refusal';
import type { AuditRecord, Mutation } from '@/lib/mutations/types';
import { incidentChannel } from '@/lib/realtime/bus';
import type { DryRun } from '@/lib/playbooks/dry-run';
import { refuseDecision, refuseUse, type ApprovalState, type ApprovalStatus, type Decider } from './approval-rules';
import { APPROVALS_CHANNEL } from './channel';

/**
 * The approval records. Every rule is checked here, inside the transaction
 * that writes the decision or starts the run, so no caller — a server
 * action, the CLI, an admin — can skip one; the database refuses a
 * self-decision on its own as well (a trigger, see the migration). Every
 * refusal is an AuditedRefusal: on record, and explained.
 */

export type NewApprovalRequest = {
  dry: DryRun;
  ttlMs: number;
  incidentId: string | null;
  checklistItemId: string | null;
};

export async function createApprovalRequest(
  tx: Tx,
  user: { id: string; email: string },
  request: NewApprovalRequest,
  now = new Date(),
): Promise<Mutation<{ id: string }>> {
  const { dry } = request;
  if (!dry.playbook.destructive) {
    throw new AppError('invalid:approval', `${dry.playbook.name} is not destructive: it needs no approval, run it.`);
  }
  const row = await tx.approvalRequest.create({
    data: {
      playbookName: dry.playbook.name,
      playbookHash: dry.playbook.hash,
      digest: dry.digest,
      dryRun: JSON.stringify(dry),
      incidentId: request.incidentId,
      checklistItemId: request.checklistItemId,
      requestedById: user.id,
      requestedBy: user.email,
      status: 'pending',
      ttlMs: request.ttlMs,
      expiresAt: new Date(now.getTime() + request.ttlMs),
    },
    select: { id: true },
  });
  const hosts = dry.hosts.map((h) => h.name).join(', ');
  return {
    data: row,
    audit: {
      action: 'approval.request',
      targetType: 'approval',
      targetId: row.id,
      payload: {
        playbook: dry.playbook.name,
        hash: dry.playbook.hash,
        digest: dry.digest,
        params: dry.params,
        hosts: dry.hosts.map((h) => ({ name: h.name, fingerprint: h.fingerprint })),
        ttlMs: request.ttlMs,
      },
    },
    ...(request.incidentId
      ? {
          timeline: {
            incidentId: request.incidentId,
            kind: 'approval',
            summary: `${user.email} asked for approval to run ${dry.playbook.name} on ${hosts}`,
          },
        }
      : {}),
    publish: approvalEvents(request.incidentId, row.id, 'pending'),
  };
}

export type Decision = 'approve' | 'reject';

export async function decideApproval(
  tx: Tx,
  user: Decider,
  approvalId: string,
  decision: Decision,
  reason: string | null,
  now = new Date(),
): Promise<Mutation<{ id: string; status: ApprovalStatus }>> {
  const request = await loadApproval(tx, approvalId);
  const refusal = refuseDecision(request, user, now);
  if (refusal) throw refused(refusal, request, { decision, by: user.email });
  const status: ApprovalStatus = decision === 'approve' ? 'approved' : 'rejected';
  // Approved: the run must start within the playbook's window, counted from the approval.
  const expiresAt = decision === 'approve' ? new Date(now.getTime() + request.ttlMs) : request.expiresAt;
  const updated = await tx.approvalRequest.updateMany({
    where: { id: approvalId, status: 'pending' },
    data: { status, decidedById: user.id, decidedBy: user.email, decidedAt: now, reason, expiresAt },
  });
  if (updated.count !== 1) throw new AppError('conflict:approval-decided', 'Someone decided this request just now.');
  const verb = decision === 'approve' ? 'approved' : 'rejected';
  return {
    data: { id: approvalId, status },
    audit: {
      action: `approval.${verb}`,
      targetType: 'approval',
      targetId: approvalId,
      payload: { digest: request.digest, requestedBy: request.requestedBy, reason, expiresAt: expiresAt.toISOString() },
    },
    ...(request.incidentId
      ? {
          timeline: {
            incidentId: request.incidentId,
            kind: 'approval',
            summary: `${user.email} ${verb} ${request.requestedBy}'s run of ${request.dryRun.playbook.name}${reason ? `: ${reason}` : ''}`,
          },
        }
      : {}),
    publish: approvalEvents(request.incidentId, approvalId, status),
  };
}

/**
 * Checks that `fresh` (the dry run made just now) is exactly what was
 * approved, and marks the approval used by `runId`, in the transaction
 * that creates the run. Called before the run row exists with runId null to
 * refuse early; `markApprovalUsed` then takes it once the row is there.
 */
export async function assertApprovalCovers(tx: Tx, approvalId: string, fresh: DryRun, actor: Actor, now = new Date()) {
  const request = await loadApproval(tx, approvalId);
  const refusal = refuseUse(request, fresh, now);
  if (refusal) throw refused(refusal, request, { by: actorName(actor), digest: fresh.digest, use: true });
  return request;
}

export async function markApprovalUsed(tx: Tx, approvalId: string, runId: number): Promise<void> {
  const updated = await tx.approvalRequest.updateMany({
    where: { id: approvalId, status: 'approved', runId: null },
    data: { status: 'used', runId },
  });
  if (updated.count !== 1) {
    throw new AppError('conflict:approval-used', `Approval ${approvalId} was used by another run just now.`);
  }
}

export async function loadApproval(
  tx: Tx,
  approvalId: string,
): Promise<ApprovalState & { incidentId: string | null; checklistItemId: string | null; ttlMs: number }> {
  const row = await tx.approvalRequest.findUnique({ where: { id: approvalId } });
  if (!row) throw notFound('approval');
  return {
    id: row.id,
    status: row.status as ApprovalStatus,
    requestedById: row.requestedById,
    requestedBy: row.requestedBy,
    decidedBy: row.decidedBy,
    expiresAt: row.expiresAt,
    digest: row.digest,
    dryRun: JSON.parse(row.dryRun) as DryRun,
    runId: row.runId,
    incidentId: row.incidentId,
    checklistItemId: row.checklistItemId,
    ttlMs: row.ttlMs,
  };
}

function refused(error: AppError, request: ApprovalState, detail: Record<string, unknown>): AuditedRefusal {
  const audit: AuditRecord = {
    action: 'approval.refused',
    targetType: 'approval',
    targetId: request.id,
    payload: { reason: error.code, status: request.status, approvedDigest: request.digest, ...detail },
  };
  return new AuditedRefusal(error, audit);
}

function actorName(actor: Actor): string {
  return isNamedActor(actor) ? actor.name : actor.email;
}

function approvalEvents(incidentId: string | null, id: string, status: ApprovalStatus) {
  const data = { id, status };
  return [
    { channel: APPROVALS_CHANNEL, type: 'approval.changed', data },
    ...(incidentId ? [{ channel: incidentChannel(incidentId), type: 'approval.changed', data }] : []),
  ];
}
