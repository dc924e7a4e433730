'use server';

import { action } from '@/lib/auth/action';
import { addCadence, deactivateCadence } from '@/lib/comms/cadences';
import { publishStatusUpdate } from '@/lib/comms/publish-update';
import {
  AddCadenceInput,
  AddWebhookInput,
  CadenceIdInput,
  PublishUpdateInput,
  WebhookIdInput,
} from '@/lib/comms/schemas';
import { addWebhook, deactivateWebhook, removeWebhook } from '@/lib/comms/webhooks';

export const publishUpdate = action({
  permission: 'comms:publish',
  input: PublishUpdateInput,
  handler: ({ user, input, tx }) => publishStatusUpdate(tx, user, input),
});

export const addUpdateCadence = action({
  permission: 'comms:manage',
  input: AddCadenceInput,
  handler: ({ user, input, tx }) => addCadence(tx, user, input),
});

export const stopUpdateCadence = action({
  permission: 'comms:manage',
  input: CadenceIdInput,
  handler: ({ user, input, tx }) => deactivateCadence(tx, user, input),
});

export const addIncidentWebhook = action({
  permission: 'comms:manage',
  input: AddWebhookInput,
  handler: ({ user, input, tx }) => addWebhook(tx, user, input),
});

export const deactivateIncidentWebhook = action({
  permission: 'comms:manage',
  input: WebhookIdInput,
  handler: ({ user, input, tx }) => deactivateWebhook(tx, user, input),
});

export const removeIncidentWebhook = action({
  permission: 'comms:manage',
  input: WebhookIdInput,
  handler: ({ user, input, tx }) => removeWebhook(tx, user, input),
});
