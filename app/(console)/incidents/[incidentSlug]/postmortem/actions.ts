'use server';

import { action } from '@/lib/auth/action';
import {
  AddActionItemInput,
  MarkKeyEventInput,
  RemoveActionItemInput,
  SaveNarrativeInput,
  UpdateActionItemInput,
} from '@/lib/postmortem/schemas';
import {
  addActionItem,
  markKeyEvent,
  removeActionItem,
  saveNarrative,
  updateActionItem,
} from '@/lib/postmortem/mutations';

export const saveNarrativeSection = action({
  permission: 'postmortem:edit',
  input: SaveNarrativeInput,
  handler: ({ user, input, tx }) => saveNarrative(tx, user, input),
});

export const promoteActionItem = action({
  permission: 'postmortem:edit',
  input: AddActionItemInput,
  handler: ({ user, input, tx }) => addActionItem(tx, user, input),
});

export const editActionItem = action({
  permission: 'postmortem:edit',
  input: UpdateActionItemInput,
  handler: ({ user, input, tx }) => updateActionItem(tx, user, input),
});

export const deleteActionItem = action({
  permission: 'postmortem:edit',
  input: RemoveActionItemInput,
  handler: ({ user, input, tx }) => removeActionItem(tx, user, input),
});

export const markTimelineEventKey = action({
  permission: 'postmortem:edit',
  input: MarkKeyEventInput,
  handler: ({ user, input, tx }) => markKeyEvent(tx, user, input),
});
