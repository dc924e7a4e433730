import 'server-only';
import { defineAction } from '@/lib/mutations/define-action';
import { createIncidentFromPlan } from './create-incident';
import { attachPlan, refuseDuplicate } from './attach-plan';
import { declareIncident } from './declare-incident';
import { deleteIncident, setIncidentArchived } from './archive-incident';
import { setIncidentRole } from './incident-roles';
import { AttachDocumentInput, ImportDocumentInput } from './import-document';
import {
  AddNoteInput,
  ArchiveIncidentInput,
  DeclareIncidentInput,
  DeleteIncidentInput,
  SetRoleInput,
  SetSeverityInput,
  SetStatusInput,
} from './schemas';
import { addIncidentNote, setIncidentSeverity, setIncidentStatus } from './update-incident';

/** Incident actions, defined once (wrapped in app/(console)/incidents/**\/actions.ts). */

export const importIncidentDef = defineAction({
  permission: 'incident:create',
  input: ImportDocumentInput,
  handler: async ({ user, input, tx }) => {
    if (input.mode === 'ask') await refuseDuplicate(tx, input.plan);
    return createIncidentFromPlan(tx, user, input);
  },
  revalidate: ['/incidents'],
});

export const attachPlanDef = defineAction({
  permission: 'incident:update',
  input: AttachDocumentInput,
  handler: ({ input, tx }) => attachPlan(tx, input),
  revalidate: ({ data }) => ['/incidents', `/incidents/${data.slug}`],
});

export const declareIncidentDef = defineAction({
  permission: 'incident:create',
  input: DeclareIncidentInput,
  handler: ({ user, input, tx }) => declareIncident(tx, user, input),
  revalidate: ['/incidents'],
});

export const archiveIncidentDef = defineAction({
  permission: 'incident:update',
  input: ArchiveIncidentInput,
  handler: ({ input, tx }) => setIncidentArchived(tx, input),
  revalidate: ({ data }) => ['/incidents', `/incidents/${data.slug}`],
});

export const deleteIncidentDef = defineAction({
  permission: 'incident:delete',
  input: DeleteIncidentInput,
  handler: ({ input, tx }) => deleteIncident(tx, input),
  revalidate: ['/incidents'],
});

export const setStatusDef = defineAction({
  permission: 'incident:update',
  input: SetStatusInput,
  handler: ({ user, input, tx }) => setIncidentStatus(tx, user, input),
});

export const setSeverityDef = defineAction({
  permission: 'incident:update',
  input: SetSeverityInput,
  handler: ({ user, input, tx }) => setIncidentSeverity(tx, user, input),
});

export const setRoleDef = defineAction({
  permission: 'incident:update',
  input: SetRoleInput,
  handler: ({ input, tx }) => setIncidentRole(tx, input),
});

export const addNoteDef = defineAction({
  permission: 'incident:note',
  input: AddNoteInput,
  handler: ({ user, input, tx }) => addIncidentNote(tx, user, input),
});
