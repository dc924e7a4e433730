import 'server-only';
import { db } from '@/lib/db';
import { logger } from '@/lib/logger';
import { actorUserId, type Actor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { itemEvent, updateItemIfVersion } from '@/lib/checklists/item-state';
import type { RunStatus } from './run-state';

/**
 * A run started from a checklist item is that item's evidence: success
 * ticks it with "done by run #N (approved by X)"; any other end leaves it
 * unticked with the run linked, so the next person sees what was tried.
 * Its own audited change, after the run's finish is committed.
 */
export async function recordRunEvidence(actor: Actor, runId: number, status: RunStatus): Promise<void> {
  const run = await db.playbookRun.findUnique({
    where: { id: runId },
    select: { checklistItemId: true, incidentId: true, playbookName: true, approvalId: true, requestedById: true },
  });
  if (!run?.checklistItemId || !run.incidentId) return;
  const approval = run.approvalId
    ? await db.approvalRequest.findUnique({ where: { id: run.approvalId }, select: { decidedBy: true } })
    : null;
  const succeeded = status === 'succeeded';
  const evidence = succeeded
    ? `done by run #${runId}${approval?.decidedBy ? ` (approved by ${approval.decidedBy})` : ''}`
    : null;
  const itemId = run.checklistItemId;
  const incidentId = run.incidentId;
  try {
    await commitMutation(actor, async (tx) => {
      const { after } = await updateItemIfVersion(tx, itemId, undefined, {
        runId,
        evidence,
        ...(succeeded ? { done: true, doneById: run.requestedById ?? actorUserId(actor), doneAt: new Date() } : {}),
      });
      if (after.group.checklist.incidentId !== incidentId) {
        throw new Error(`run #${runId}'s checklist item belongs to another incident`);
      }
      return {
        data: null,
        audit: {
          action: succeeded ? 'checklist.item.done-by-run' : 'checklist.item.run-failed',
          targetType: 'checklist-item',
          targetId: itemId,
          payload: { runId, status, evidence },
        },
        timeline: {
          incidentId,
          kind: 'checklist',
          summary: succeeded
            ? `"${after.text}" ${evidence}`
            : `"${after.text}" left open: run #${runId} (${run.playbookName}) ${status}`,
        },
        publish: [itemEvent(after)],
      };
    });
  } catch (err) {
    // The run's own record stands; only its link to the item is missing, and the log says why.
    logger().error({ err: { message: (err as Error)?.message }, runId, itemId }, 'run evidence not recorded');
  }
}
