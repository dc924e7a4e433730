import 'server-only';
import { defineAction } from '@/lib/mutations/define-action';
import { addActionItem, markKeyEvent, removeActionItem, saveNarrative, updateActionItem } from './mutations';
import {
  AddActionItemInput,
  MarkKeyEventInput,
  RemoveActionItemInput,
  SaveNarrativeInput,
  UpdateActionItemInput,
} from './schemas';

/** Post-mortem actions, defined once (wrapped in app/(console)/incidents/[incidentSlug]/postmortem/actions.ts). */

export const saveNarrativeDef = defineAction({
  permission: 'postmortem:edit',
  input: SaveNarrativeInput,
  handler: ({ user, input, tx }) => saveNarrative(tx, user, input),
});

export const addActionItemDef = defineAction({
  permission: 'postmortem:edit',
  input: AddActionItemInput,
  handler: ({ user, input, tx }) => addActionItem(tx, user, input),
});

export const updateActionItemDef = defineAction({
  permission: 'postmortem:edit',
  input: UpdateActionItemInput,
  handler: ({ user, input, tx }) => updateActionItem(tx, user, input),
});

export const removeActionItemDef = defineAction({
  permission: 'postmortem:edit',
  input: RemoveActionItemInput,
  handler: ({ user, input, tx }) => removeActionItem(tx, user, input),
});

export const markKeyEventDef = defineAction({
  permission: 'postmortem:edit',
  input: MarkKeyEventInput,
  handler: ({ user, input, tx }) => markKeyEvent(tx, user, input),
});
