'use server';

import { action } from '@/lib/auth/action';
import {
  addCadenceDef,
  addWebhookDef,
  deactivateWebhookDef,
  publishUpdateDef,
  removeWebhookDef,
  retryWebhookDeliveryDef,
  sendWebhookTestDef,
  setPublicFaceDef,
  setWebhookAudienceDef,
  stopCadenceDef,
} from '@/lib/comms/actions';

export const publishUpdate = action(publishUpdateDef);
export const addUpdateCadence = action(addCadenceDef);
export const stopUpdateCadence = action(stopCadenceDef);
export const addIncidentWebhook = action(addWebhookDef);
export const deactivateIncidentWebhook = action(deactivateWebhookDef);
export const removeIncidentWebhook = action(removeWebhookDef);
export const setIncidentPublicFace = action(setPublicFaceDef);
export const setIncidentWebhookAudience = action(setWebhookAudienceDef);
export const sendIncidentWebhookTest = action(sendWebhookTestDef);
export const retryIncidentWebhookDelivery = action(retryWebhookDeliveryDef);
