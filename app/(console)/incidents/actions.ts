'use server';

import { action } from '@/lib/auth/action';
import { importIncidentDef } from '@/lib/incidents/actions';

export const importIncident = action(importIncidentDef);
