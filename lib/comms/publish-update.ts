import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { AppError } from '@/lib/errors';
import { incidentChannel } from '@/lib/realtime/bus';
import { itemEvent, setItemDone } from '@/lib/checklists/item-state';
import { deliveryRequest, queueDeliveries } from './delivery-queue';
import { cadenceListed } from './cadences';
import { COMMS_UPDATE_EVENT } from './events';
import type { PublishUpdateInput } from './schemas';

/**
 * One transaction: the StatusUpdate, the cadences of ITS audience reset (an
 * internal note to the team does not keep a promise made to the public, nor
 * the other way round), their linked communication item ticked for this
 * period (e.g. "Status update every 15 minutes"; the cadence watcher unticks
 * it when the next period starts), and one outbox row per webhook that
 * receives this audience. Posting starts only after commit (see
 * delivery-outbox.ts), so no network call ever holds the write lock and a
 * rolled-back update is never posted.
 */
export async function publishStatusUpdate(
  tx: Tx,
  actor: SessionUser,
  input: z.infer<typeof PublishUpdateInput>,
): Promise<Mutation<{ id: string; publishedAt: string }>> {
  const incident = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } });
  if (!incident) throw new AppError('not_found:incident', 'No such incident.');
  const now = new Date();
  const update = await tx.statusUpdate.create({
    data: { incidentId: incident.id, body: input.body, audience: input.audience, publishedAt: now, authorId: actor.id },
    select: { id: true, publishedAt: true },
  });

  const kept = { incidentId: incident.id, active: true, audience: input.audience };
  const cadences = await tx.cadence.findMany({ where: kept, select: { id: true, linkedItemId: true } });
  await tx.cadence.updateMany({ where: kept, data: { lastSentAt: now } });
  const deliveryIds = await queueDeliveries(tx, incident.id, update.id, input.audience);

  const ticked: { id: string; text: string }[] = [];
  const itemEvents = [];
  for (const itemId of new Set(cadences.map((c) => c.linkedItemId).filter((x): x is string => Boolean(x)))) {
    const item = await tx.checklistItem.findUnique({ where: { id: itemId }, select: { done: true } });
    // Removed or already ticked: nothing to do (an untick is a person's decision).
    if (!item || item.done) continue;
    const { after } = await setItemDone(tx, actor, itemId, true);
    ticked.push({ id: after.id, text: after.text });
    itemEvents.push(itemEvent(after));
  }

  const channel = incidentChannel(incident.id);
  const tickedNote = ticked.length ? `; ticked ${ticked.map((t) => `"${t.text}"`).join(', ')}` : '';
  return {
    data: { id: update.id, publishedAt: update.publishedAt.toISOString() },
    audit: {
      action: 'comms.publish',
      targetType: 'status-update',
      targetId: update.id,
      payload: {
        incidentId: incident.id,
        audience: input.audience,
        body: input.body,
        cadencesReset: cadences.length,
        tickedItemIds: ticked.map((t) => t.id),
        deliveries: deliveryIds.length,
      },
    },
    timeline: {
      incidentId: incident.id,
      kind: 'comms.update',
      summary: `Status update published (${input.audience})${tickedNote}\n${input.body}`,
      data: { updateId: update.id, audience: input.audience, tickedItemIds: ticked.map((t) => t.id) },
      at: now,
    },
    publish: [
      ...itemEvents,
      { channel, type: COMMS_UPDATE_EVENT, data: { updateId: update.id, audience: input.audience } },
      cadenceListed(),
      deliveryRequest(deliveryIds),
    ],
  };
}
