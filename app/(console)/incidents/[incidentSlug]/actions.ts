'use server';

import { action } from '@/lib/auth/action';
import {
  addItemDef,
  assignItemDef,
  commentItemDef,
  editItemDef,
  linkPlaybookDef,
  moveItemDef,
  removeItemDef,
  restoreItemDef,
  tickItemDef,
} from '@/lib/checklists/actions';
import {
  addNoteDef,
  archiveIncidentDef,
  deleteIncidentDef,
  setPublicPageDef,
  setRoleDef,
  setSeverityDef,
  setStatusDef,
} from '@/lib/incidents/actions';

export const setStatus = action(setStatusDef);
export const setSeverity = action(setSeverityDef);
export const setIncidentRole = action(setRoleDef);
export const addNote = action(addNoteDef);
export const archiveIncident = action(archiveIncidentDef);
export const deleteIncident = action(deleteIncidentDef);
export const setPublicPage = action(setPublicPageDef);

export const tickChecklistItem = action(tickItemDef);
export const assignChecklistItem = action(assignItemDef);
export const commentChecklistItem = action(commentItemDef);
export const editChecklistItem = action(editItemDef);
export const moveChecklistItem = action(moveItemDef);
export const removeChecklistItem = action(removeItemDef);
export const restoreChecklistItem = action(restoreItemDef);
export const addChecklistItem = action(addItemDef);
export const linkChecklistPlaybook = action(linkPlaybookDef);
