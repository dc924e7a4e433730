'use server';

import { action } from '@/lib/auth/action';
import {
  addActionItemDef,
  markKeyEventDef,
  removeActionItemDef,
  saveNarrativeDef,
  updateActionItemDef,
} from '@/lib/postmortem/actions';

export const saveNarrativeSection = action(saveNarrativeDef);
export const promoteActionItem = action(addActionItemDef);
export const editActionItem = action(updateActionItemDef);
export const deleteActionItem = action(removeActionItemDef);
export const markTimelineEventKey = action(markKeyEventDef);
