import 'server-only';
import { defineAction } from '@/lib/mutations/define-action';
import { createIncidentFromPlan } from './create-incident';
import { ImportDocumentInput } from './import-document';
import { AddNoteInput, AssignRolesInput, SetSeverityInput, SetStatusInput } from './schemas';
import { addIncidentNote, assignIncidentRoles, setIncidentSeverity, setIncidentStatus } from './update-incident';

/** Incident actions, defined once (wrapped in app/(console)/incidents/**\/actions.ts). */

export const importIncidentDef = defineAction({
  permission: 'incident:create',
  input: ImportDocumentInput,
  handler: ({ user, input, tx }) => createIncidentFromPlan(tx, user, input),
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

export const assignRolesDef = defineAction({
  permission: 'incident:update',
  input: AssignRolesInput,
  handler: ({ user, input, tx }) => assignIncidentRoles(tx, user, input),
});

export const addNoteDef = defineAction({
  permission: 'incident:note',
  input: AddNoteInput,
  handler: ({ user, input, tx }) => addIncidentNote(tx, user, input),
});
