'use server';

import { action } from '@/lib/auth/action';
import { AddNoteInput, AssignRolesInput, SetSeverityInput, SetStatusInput } from '@/lib/incidents/schemas';
import {
  addIncidentNote,
  assignIncidentRoles,
  setIncidentSeverity,
  setIncidentStatus,
} from '@/lib/incidents/update-incident';
import {
  AddItemInput,
  AssignItemInput,
  CommentItemInput,
  EditItemInput,
  MoveItemInput,
  RemoveItemInput,
  TickItemInput,
} from '@/lib/checklists/schemas';
import { addItem, assignItem, commentItem, editItem, moveItem, removeItem, tickItem } from '@/lib/checklists/mutations';

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

export const tickChecklistItem = action({
  permission: 'checklist:tick',
  input: TickItemInput,
  handler: ({ user, input, tx }) => tickItem(tx, user, input),
});

export const assignChecklistItem = action({
  permission: 'checklist:edit',
  input: AssignItemInput,
  handler: ({ user, input, tx }) => assignItem(tx, user, input),
});

export const commentChecklistItem = action({
  permission: 'checklist:edit',
  input: CommentItemInput,
  handler: ({ user, input, tx }) => commentItem(tx, user, input),
});

export const editChecklistItem = action({
  permission: 'checklist:edit',
  input: EditItemInput,
  handler: ({ user, input, tx }) => editItem(tx, user, input),
});

export const moveChecklistItem = action({
  permission: 'checklist:edit',
  input: MoveItemInput,
  handler: ({ user, input, tx }) => moveItem(tx, user, input),
});

export const removeChecklistItem = action({
  permission: 'checklist:edit',
  input: RemoveItemInput,
  handler: ({ user, input, tx }) => removeItem(tx, user, input),
});

export const addChecklistItem = action({
  permission: 'checklist:edit',
  input: AddItemInput,
  handler: ({ user, input, tx }) => addItem(tx, user, input),
});
