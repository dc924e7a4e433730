'use server';

import { action } from '@/lib/auth/action';
import {
  addCadenceDef,
  addWebhookDef,
  deactivateWebhookDef,
  publishUpdateDef,
  removeWebhookDef,
  stopCadenceDef,
} from '@/lib/comms/actions';

export const publishUpdate = action(publishUpdateDef);
export const addUpdateCadence = action(addCadenceDef);
export const stopUpdateCadence = action(stopCadenceDef);
export const addIncidentWebhook = action(addWebhookDef);
export const deactivateIncidentWebhook = action(deactivateWebhookDef);
export const removeIncidentWebhook = action(removeWebhookDef);
