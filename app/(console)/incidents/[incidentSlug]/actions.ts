'use server';

import { action } from '@/lib/auth/action';
import { AddNoteInput, AssignRolesInput, SetSeverityInput, SetStatusInput } from '@/lib/incidents/schemas';
import { addIncidentNote, assignIncidentRoles, setIncidentSeverity, setIncidentStatus } from '@/lib/incidents/update-incident';

export const setStatus = action({
  permission: 'incident:update',
  input: SetStatusInput,
  handler: ({ user, input, tx }) => setIncidentStatus(tx, user, input),
});

export const setSeverity = action({
  permission: 'incident:update',
  input: SetSeverityInput,
  handler: ({ user, input, tx }) => setIncidentSeverity(tx, user, input),
});

export const assignRoles = action({
  permission: 'incident:update',
  input: AssignRolesInput,
  handler: ({ user, input, tx }) => assignIncidentRoles(tx, user, input),
});

export const addNote = action({
  permission: 'incident:note',
  input: AddNoteInput,
  handler: ({ user, input, tx }) => addIncidentNote(tx, user, input),
});
