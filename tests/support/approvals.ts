import type { DryRun } from '@/lib/playbooks/dry-run';

/**
 * A real approval for a dry run, through the same data layer the pages
 * use: one person asks, a second approves. For runner tests that need a
 * destructive run to start.
 */
export async function approveDryRun(dry: DryRun, opts: { ttlMs?: number } = {}): Promise<string> {
  const { db } = await import('@/lib/db');
  const { commitMutation } = await import('@/lib/mutations/commit-mutation');
  const { createApprovalRequest, decideApproval } = await import('@/lib/approvals/approvals');
  const requester = await testUser(db, 'requester@approvals.test', 'responder');
  const approver = await testUser(db, 'approver@approvals.test', 'commander');
  const { data } = await commitMutation(requester, (tx) =>
    createApprovalRequest(tx, requester, {
      dry,
      ttlMs: opts.ttlMs ?? 15 * 60_000,
      incidentId: null,
      checklistItemId: null,
    }),
  );
  await commitMutation(approver, (tx) => decideApproval(tx, approver, data.id, 'approve', null));
  return data.id;
}

async function testUser(
  db: typeof import('@/lib/db').db,
  email: string,
  role: string,
): Promise<{ id: string; email: string }> {
  const row = await db.user.upsert({
    where: { email },
    create: { email, name: email.split('@')[0] ?? email, role },
    update: {},
    select: { id: true, email: true },
  });
  return row;
}
