'use server';

import { action } from '@/lib/auth/action';
import { cancelRunDef, confirmStepDef } from '@/lib/playbooks/actions';

export const cancelRun = action(cancelRunDef);
export const confirmStep = action(confirmStepDef);
