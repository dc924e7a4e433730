import type { Tx } from '@/lib/db';
import type { Audience } from './schemas';

/**
 * Writing to the webhook outbox (the worker that empties it is
 * delivery-outbox.ts): rows written inside the asking transaction, and the
 * wake-up published after it commits. Its own file so the actions that queue
 * rows need not import the worker.
 */
export const DELIVERY_CHANNEL = 'comms:outbox';
export const DELIVER_EVENT = 'comms.deliver';

export function deliveryRequest(deliveryIds: string[]) {
  return { channel: DELIVERY_CHANNEL, type: DELIVER_EVENT, data: { deliveryIds } };
}

/** Which webhooks get an update of this audience: public ones reach every webhook, internal ones only 'all'. */
export function webhookAudienceFilter(audience: Audience) {
  return audience === 'public' ? {} : { audience: 'all' };
}

/** Inside the publishing transaction: one pending row per active webhook this audience reaches. */
export async function queueDeliveries(tx: Tx, incidentId: string, updateId: string, audience: Audience) {
  const hooks = await tx.incidentWebhook.findMany({
    where: { incidentId, active: true, ...webhookAudienceFilter(audience) },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  const ids: string[] = [];
  for (const hook of hooks) {
    const row = await tx.webhookDelivery.create({
      data: { webhookId: hook.id, incidentId, updateId, kind: 'update' },
      select: { id: true },
    });
    ids.push(row.id);
  }
  return ids;
}
