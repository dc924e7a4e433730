'use server';

import { action } from '@/lib/auth/action';
import { dryRunDef, requestRunDef, saveDraftDef } from '@/lib/playbooks/actions';

export const dryRun = action(dryRunDef);
export const requestRun = action(requestRunDef);
export const saveDraft = action(saveDraftDef);
