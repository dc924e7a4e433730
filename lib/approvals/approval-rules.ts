import { AppError } from '@/lib/errors';
import type { DryRun } from '@/lib/playbooks/dry-run';

/**
 * The rules of a two-person approval, pure. A request stores the dry run
 * its requester read; a second person decides it; a run may start from it
 * only while it is approved, unexpired, unused, and only when the fresh dry
 * run has the same digest. Each refusal says what happened and what to do.
 */

export const DEFAULT_APPROVAL_TTL_MS = 15 * 60_000;

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'used';

export type ApprovalState = {
  id: string;
  status: ApprovalStatus;
  requestedById: string | null;
  requestedBy: string;
  decidedBy: string | null;
  expiresAt: Date;
  digest: string;
  dryRun: DryRun;
  runId: number | null;
};

export type Decider = { id: string; email: string };

/** Why a decision is refused, or null when `decider` may decide now. */
export function refuseDecision(request: ApprovalState, decider: Decider, now: Date): AppError | null {
  if (request.requestedById === decider.id || request.requestedBy === decider.email) {
    return new AppError(
      'forbidden:self-approval',
      'You asked for this run, so you cannot approve or reject it: a second person (a commander or admin) must. No role can approve its own request.',
    );
  }
  if (request.status !== 'pending') {
    return new AppError(
      'conflict:approval-decided',
      `This request was already ${request.status === 'used' ? 'approved and used' : request.status}${request.decidedBy ? ` by ${request.decidedBy}` : ''}.`,
    );
  }
  if (now >= request.expiresAt) {
    return new AppError(
      'conflict:approval-expired',
      `This request expired at ${hhmm(request.expiresAt)} UTC before anyone decided it. The requester can do a fresh dry run and ask again.`,
    );
  }
  return null;
}

/** Why a run may not start from this approval, or null when `fresh` is exactly what was approved. */
export function refuseUse(request: ApprovalState, fresh: DryRun, now: Date): AppError | null {
  if (request.status === 'rejected') {
    return new AppError(
      'forbidden:approval-rejected',
      `Approval ${request.id} was rejected by ${request.decidedBy ?? 'an approver'}: nothing ran.`,
    );
  }
  if (request.status === 'pending') {
    return new AppError(
      'forbidden:approval-pending',
      `Approval ${request.id} has not been approved yet: a commander or admin must approve it first. Nothing ran.`,
    );
  }
  if (request.status === 'used') {
    return new AppError(
      'conflict:approval-used',
      `Approval ${request.id} was already used by run #${request.runId ?? '?'}: one approval starts one run. Ask for a new one.`,
    );
  }
  if (now >= request.expiresAt) {
    return new AppError(
      'conflict:approval-expired',
      `Approval ${request.id} expired at ${hhmm(request.expiresAt)} UTC: the run must start within the approval window. Nothing ran; ask for a new approval.`,
    );
  }
  if (fresh.digest !== request.digest) {
    const changes = describeChanges(request.dryRun, fresh);
    return new AppError(
      'conflict:approval-mismatch',
      `Approval ${request.id} does not cover this run: ${changes.join('; ') || 'what would run differs from the approved dry run'}. Nothing ran; ask for approval of the new dry run.`,
      { current: fresh },
    );
  }
  return null;
}

/** What differs between the approved dry run and a fresh one, in words an approver would use. */
export function describeChanges(approved: DryRun, fresh: DryRun): string[] {
  const out: string[] = [];
  if (approved.playbook.name !== fresh.playbook.name) {
    out.push(`playbook ${approved.playbook.name} → ${fresh.playbook.name}`);
  } else if (approved.playbook.hash !== fresh.playbook.hash) {
    out.push(
      `${fresh.playbook.name} changed since it was approved (version ${short(approved.playbook.hash)} → ${short(fresh.playbook.hash)})`,
    );
  }
  const keys = [...new Set([...Object.keys(approved.params), ...Object.keys(fresh.params)])].sort();
  for (const k of keys) {
    if (approved.params[k] !== fresh.params[k]) {
      out.push(`${k} ${approved.params[k] ?? '(unset)'} → ${fresh.params[k] ?? '(unset)'}`);
    }
  }
  const before = new Map(approved.hosts.map((h) => [h.name, h]));
  const after = new Map(fresh.hosts.map((h) => [h.name, h]));
  for (const name of before.keys()) if (!after.has(name)) out.push(`host ${name} removed`);
  for (const [name, host] of after) {
    const was = before.get(name);
    if (!was) {
      out.push(`host ${name} added`);
      continue;
    }
    if (was.fingerprint !== host.fingerprint) {
      out.push(`${name}'s pinned host key changed (${was.fingerprint ?? 'none'} → ${host.fingerprint ?? 'none'})`);
    } else if (was.id !== host.id) {
      out.push(`host ${name} is a different host now`);
    } else if (JSON.stringify(was.steps.map((s) => s.command)) !== JSON.stringify(host.steps.map((s) => s.command))) {
      out.push(`the commands for ${name} differ (what the dry run observed on it changed)`);
    }
  }
  return out;
}

function short(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 12);
}

function hhmm(d: Date): string {
  return d.toISOString().slice(11, 19);
}
