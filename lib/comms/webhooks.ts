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
import type { AddWebhookInput, WebhookIdInput } from './schemas';

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
    },
    select: { id: true },
  });
  return {
    data: { id, urlHint },
    audit: {
      action: 'comms.webhook-add',
      targetType: 'incident-webhook',
      targetId: id,
      payload: { incidentId: incident.id, name: input.name, urlHint },
    },
    timeline: {
      incidentId: incident.id,
      kind: 'comms.webhook',
      summary: `Webhook ${input.name} added (${urlHint})`,
      data: { webhookId: id },
    },
    publish: changed(incident.id),
  };
}

async function findWebhook(tx: Tx, webhookId: string) {
  const hook = await tx.incidentWebhook.findUnique({
    where: { id: webhookId },
    select: { id: true, incidentId: true, name: true, urlHint: true, active: true },
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
