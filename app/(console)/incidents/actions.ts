'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/auth/action';
import { createIncidentFromPlan } from '@/lib/incidents/create-incident';
import { ImportDocumentInput } from '@/lib/incidents/import-document';

export const importIncident = action({
  permission: 'incident:create',
  input: ImportDocumentInput,
  handler: async ({ user, input, tx }) => {
    const m = await createIncidentFromPlan(tx, user, input);
    revalidatePath('/incidents');
    return m;
  },
});
