'use server';

import { action } from '@/lib/auth/action';
import { attachPlanDef, declareIncidentDef, importIncidentDef } from '@/lib/incidents/actions';

export const importIncident = action(importIncidentDef);
export const attachPlan = action(attachPlanDef);
export const declareIncident = action(declareIncidentDef);
