import 'server-only';
import { defineAction } from '@/lib/mutations/define-action';
import { addCadence, deactivateCadence } from './cadences';
import { publishStatusUpdate } from './publish-update';
import { setPublicFace } from './public-face';
import {
  AddCadenceInput,
  AddWebhookInput,
  CadenceIdInput,
  DeliveryIdInput,
  PublishUpdateInput,
  SetPublicFaceInput,
  SetWebhookAudienceInput,
  WebhookIdInput,
} from './schemas';
import {
  addWebhook,
  deactivateWebhook,
  removeWebhook,
  requestTestMessage,
  retryDelivery,
  setWebhookAudience,
} from './webhooks';

/** Communication actions, defined once (wrapped in app/(console)/incidents/[incidentSlug]/comms/actions.ts). */

export const publishUpdateDef = defineAction({
  permission: 'comms:publish',
  input: PublishUpdateInput,
  labels: { body: 'Status update', audience: 'Audience', reviewed: 'Public update' },
  handler: ({ user, input, tx }) => publishStatusUpdate(tx, user, input),
});

export const addCadenceDef = defineAction({
  permission: 'comms:manage',
  input: AddCadenceInput,
  labels: { text: 'New cadence', audience: 'Kept by' },
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
  labels: { name: 'Webhook name', url: 'Webhook URL', audience: 'Webhook receives' },
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

export const setPublicFaceDef = defineAction({
  permission: 'comms:manage',
  input: SetPublicFaceInput,
  labels: { publicTitle: 'Public title', publicSummary: 'Public summary' },
  handler: ({ user, input, tx }) => setPublicFace(tx, user, input),
});

export const setWebhookAudienceDef = defineAction({
  permission: 'comms:manage',
  input: SetWebhookAudienceInput,
  labels: { audience: 'Webhook receives' },
  handler: ({ user, input, tx }) => setWebhookAudience(tx, user, input),
});

export const sendWebhookTestDef = defineAction({
  permission: 'comms:manage',
  input: WebhookIdInput,
  handler: ({ user, input, tx }) => requestTestMessage(tx, user, input),
});

export const retryWebhookDeliveryDef = defineAction({
  permission: 'comms:manage',
  input: DeliveryIdInput,
  handler: ({ user, input, tx }) => retryDelivery(tx, user, input),
});
