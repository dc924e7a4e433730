import 'server-only';
import { defineAction } from '@/lib/mutations/define-action';
import { addCadence, deactivateCadence } from './cadences';
import { publishStatusUpdate } from './publish-update';
import { AddCadenceInput, AddWebhookInput, CadenceIdInput, PublishUpdateInput, WebhookIdInput } from './schemas';
import { addWebhook, deactivateWebhook, removeWebhook } from './webhooks';

/** Communication actions, defined once (wrapped in app/(console)/incidents/[incidentSlug]/comms/actions.ts). */

export const publishUpdateDef = defineAction({
  permission: 'comms:publish',
  input: PublishUpdateInput,
  handler: ({ user, input, tx }) => publishStatusUpdate(tx, user, input),
});

export const addCadenceDef = defineAction({
  permission: 'comms:manage',
  input: AddCadenceInput,
  handler: ({ user, input, tx }) => addCadence(tx, user, input),
});

export const stopCadenceDef = defineAction({
  permission: 'comms:manage',
  input: CadenceIdInput,
  handler: ({ user, input, tx }) => deactivateCadence(tx, user, input),
});

export const addWebhookDef = defineAction({
  permission: 'comms:manage',
  input: AddWebhookInput,
  handler: ({ user, input, tx }) => addWebhook(tx, user, input),
});

export const deactivateWebhookDef = defineAction({
  permission: 'comms:manage',
  input: WebhookIdInput,
  handler: ({ user, input, tx }) => deactivateWebhook(tx, user, input),
});

export const removeWebhookDef = defineAction({
  permission: 'comms:manage',
  input: WebhookIdInput,
  handler: ({ user, input, tx }) => removeWebhook(tx, user, input),
});
