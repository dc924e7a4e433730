'use server';

import { action } from '@/lib/auth/action';
import {
  addItemDef,
  assignItemDef,
  commentItemDef,
  editItemDef,
  moveItemDef,
  removeItemDef,
  tickItemDef,
} from '@/lib/checklists/actions';
import { addNoteDef, assignRolesDef, setSeverityDef, setStatusDef } from '@/lib/incidents/actions';

export const setStatus = action(setStatusDef);
export const setSeverity = action(setSeverityDef);
export const assignRoles = action(assignRolesDef);
export const addNote = action(addNoteDef);

export const tickChecklistItem = action(tickItemDef);
export const assignChecklistItem = action(assignItemDef);
export const commentChecklistItem = action(commentItemDef);
export const editChecklistItem = action(editItemDef);
export const moveChecklistItem = action(moveItemDef);
export const removeChecklistItem = action(removeItemDef);
export const addChecklistItem = action(addItemDef);
