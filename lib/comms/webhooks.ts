import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { AppError } from '@/lib/errors';
import { getSecrets } from '@/lib/env';
import { encryptSecret, type SecretAad } from '@/lib/crypto';
import { incidentChannel } from '@/lib/realtime/bus';
import { COMMS_UPDATE_EVENT } from './events';
import { webhookUrlHint } from './webhook-url';
import { deliveryRequest } from './delivery-queue';
import type {
  AddWebhookInput,
  DeliveryIdInput,
  SetWebhookAudienceInput,
  WebhookAudience,
  WebhookIdInput,
} from './schemas';

/** How the UI and the timeline name a webhook's audience. */
export function webhookAudienceLabel(audience: string): string {
  return audience === 'public' ? 'public updates only' : 'public and internal updates';
}

/** The row id is in the AAD: a ciphertext copied onto another webhook fails to decrypt. */
export function webhookAad(webhookId: string): SecretAad {
  return { table: 'IncidentWebhook', rowId: webhookId, field: 'url' };
}

const changed = (incidentId: string) => [
  { channel: incidentChannel(incidentId), type: COMMS_UPDATE_EVENT, data: { what: 'webhooks' } },
];

/** Adds a webhook; the URL is encrypted here and only its hint is ever returned, audited or shown. */
export async function addWebhook(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof AddWebhookInput>,
): Promise<Mutation<{ id: string; urlHint: string }>> {
  const incident = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } });
  if (!incident) throw new AppError('not_found:incident', 'No such incident.');
  const id = crypto.randomUUID();
  const urlHint = webhookUrlHint(input.url);
  await tx.incidentWebhook.create({
    data: {
      id,
      incidentId: incident.id,
      name: input.name,
      urlEncrypted: encryptSecret(getSecrets().secretKey, input.url, webhookAad(id)),
      urlHint,
      audience: input.audience,
    },
    select: { id: true },
  });
  return {
    data: { id, urlHint },
    audit: {
      action: 'comms.webhook-add',
      targetType: 'incident-webhook',
      targetId: id,
      payload: { incidentId: incident.id, name: input.name, urlHint, audience: input.audience },
    },
    timeline: {
      incidentId: incident.id,
      kind: 'comms.webhook',
      summary: `Webhook ${input.name} added (${urlHint}; ${webhookAudienceLabel(input.audience)})`,
      data: { webhookId: id },
    },
    publish: changed(incident.id),
  };
}

async function findWebhook(tx: Tx, webhookId: string) {
  const hook = await tx.incidentWebhook.findUnique({
    where: { id: webhookId },
    select: { id: true, incidentId: true, name: true, urlHint: true, active: true, audience: true },
  });
  if (!hook) throw new AppError('not_found:webhook', 'That webhook no longer exists.');
  return hook;
}

/** Stops posting to a webhook but keeps it (and its delivery history) listed. */
export async function deactivateWebhook(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof WebhookIdInput>,
): Promise<Mutation<null>> {
  const hook = await findWebhook(tx, input.webhookId);
  if (!hook.active) throw new AppError('conflict:webhook', `Webhook ${hook.name} is already inactive.`);
  await tx.incidentWebhook.update({ where: { id: hook.id }, data: { active: false } });
  return {
    data: null,
    audit: {
      action: 'comms.webhook-deactivate',
      targetType: 'incident-webhook',
      targetId: hook.id,
      payload: { name: hook.name, urlHint: hook.urlHint },
    },
    timeline: {
      incidentId: hook.incidentId,
      kind: 'comms.webhook',
      summary: `Webhook ${hook.name} deactivated`,
      data: { webhookId: hook.id },
    },
    publish: changed(hook.incidentId),
  };
}

/** Deletes a webhook and its encrypted URL. */
export async function removeWebhook(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof WebhookIdInput>,
): Promise<Mutation<null>> {
  const hook = await findWebhook(tx, input.webhookId);
  await tx.incidentWebhook.delete({ where: { id: hook.id } });
  return {
    data: null,
    audit: {
      action: 'comms.webhook-remove',
      targetType: 'incident-webhook',
      targetId: hook.id,
      payload: { name: hook.name, urlHint: hook.urlHint },
    },
    timeline: {
      incidentId: hook.incidentId,
      kind: 'comms.webhook',
      summary: `Webhook ${hook.name} removed`,
      data: { webhookId: hook.id },
    },
    publish: changed(hook.incidentId),
  };
}

/** Public only, or public and internal: which published updates this webhook receives from now on. */
export async function setWebhookAudience(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof SetWebhookAudienceInput>,
): Promise<Mutation<{ audience: WebhookAudience }>> {
  const hook = await findWebhook(tx, input.webhookId);
  if (hook.audience === input.audience)
    throw new AppError(
      'conflict:webhook',
      `Webhook ${hook.name} already receives ${webhookAudienceLabel(hook.audience)}.`,
    );
  await tx.incidentWebhook.update({ where: { id: hook.id }, data: { audience: input.audience } });
  return {
    data: { audience: input.audience },
    audit: {
      action: 'comms.webhook-audience',
      targetType: 'incident-webhook',
      targetId: hook.id,
      payload: { name: hook.name, from: hook.audience, to: input.audience },
    },
    timeline: {
      incidentId: hook.incidentId,
      kind: 'comms.webhook',
      summary: `Webhook ${hook.name} now receives ${webhookAudienceLabel(input.audience)}`,
      data: { webhookId: hook.id },
    },
    publish: changed(hook.incidentId),
  };
}

/**
 * "Send test": a clearly marked message through the same outbox and the same
 * post (SSRF guard, pinned address, retries) as a real update; the request is
 * audited here, its outcome by the delivery worker.
 */
export async function requestTestMessage(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof WebhookIdInput>,
): Promise<Mutation<{ deliveryId: string }>> {
  const hook = await findWebhook(tx, input.webhookId);
  if (!hook.active) throw new AppError('conflict:webhook', `Webhook ${hook.name} is inactive: nothing is sent to it.`);
  const row = await tx.webhookDelivery.create({
    data: { webhookId: hook.id, incidentId: hook.incidentId, kind: 'test' },
    select: { id: true },
  });
  return {
    data: { deliveryId: row.id },
    audit: {
      action: 'comms.webhook-test',
      targetType: 'incident-webhook',
      targetId: hook.id,
      payload: { name: hook.name, urlHint: hook.urlHint, deliveryId: row.id },
    },
    timeline: {
      incidentId: hook.incidentId,
      kind: 'comms.webhook',
      summary: `Test message to webhook ${hook.name} requested`,
      data: { webhookId: hook.id, deliveryId: row.id },
    },
    publish: [...changed(hook.incidentId), deliveryRequest([row.id])],
  };
}

/**
 * Retry of a failed delivery: failed → pending as one conditional update, so
 * a delivery that succeeded (or is being sent right now) is never sent again,
 * whoever clicks and however often.
 */
export async function retryDelivery(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof DeliveryIdInput>,
): Promise<Mutation<{ deliveryId: string }>> {
  const row = await tx.webhookDelivery.findUnique({
    where: { id: input.deliveryId },
    select: {
      id: true,
      kind: true,
      status: true,
      updateId: true,
      finishedAt: true,
      webhook: { select: { id: true, incidentId: true, name: true, active: true } },
    },
  });
  if (!row) throw new AppError('not_found:webhook-delivery', 'That delivery no longer exists.');
  const hook = row.webhook;
  const what = row.kind === 'test' ? 'the test message' : 'this update';
  if (row.status === 'delivered')
    throw new AppError(
      'conflict:webhook-delivery',
      `Webhook ${hook.name} already received ${what}; it is not sent twice.`,
    );
  if (!hook.active) throw new AppError('conflict:webhook', `Webhook ${hook.name} is inactive: nothing is sent to it.`);
  const { count } = await tx.webhookDelivery.updateMany({
    where: { id: row.id, status: 'failed' },
    data: { status: 'pending', detail: null, claimedAt: null, finishedAt: null },
  });
  if (count === 0)
    throw new AppError('conflict:webhook-delivery', `Webhook ${hook.name} is already being sent ${what}.`);
  return {
    data: { deliveryId: row.id },
    audit: {
      action: 'comms.webhook-retry',
      targetType: 'incident-webhook',
      targetId: hook.id,
      payload: { name: hook.name, deliveryId: row.id, kind: row.kind, updateId: row.updateId },
    },
    timeline: {
      incidentId: hook.incidentId,
      kind: 'comms.webhook',
      summary: `Retry of ${row.kind === 'test' ? 'the test message' : 'the update'} to webhook ${hook.name} requested`,
      data: { webhookId: hook.id, deliveryId: row.id, updateId: row.updateId },
    },
    publish: [...changed(hook.incidentId), deliveryRequest([row.id])],
  };
}
