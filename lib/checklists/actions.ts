import 'server-only';
import { defineAction } from '@/lib/mutations/define-action';
import { AppError } from '@/lib/errors';
import {
  addItem,
  assignItem,
  commentItem,
  editItem,
  linkPlaybook,
  moveItem,
  removeItem,
  restoreItem,
  tickItem,
} from './mutations';
import { findPlaybook } from '@/lib/playbooks/saved-playbooks';
import {
  AddItemInput,
  AssignItemInput,
  CommentItemInput,
  EditItemInput,
  LinkPlaybookInput,
  MoveItemInput,
  RemoveItemInput,
  RestoreItemInput,
  TickItemInput,
} from './schemas';

/**
 * Checklist actions, defined once (wrapped in
 * app/(console)/incidents/[incidentSlug]/actions.ts). No revalidate: every
 * change reaches open pages as a realtime event after commit.
 */

export const tickItemDef = defineAction({
  permission: 'checklist:tick',
  input: TickItemInput,
  handler: ({ user, input, tx }) => tickItem(tx, user, input),
});

export const assignItemDef = defineAction({
  permission: 'checklist:edit',
  input: AssignItemInput,
  handler: ({ user, input, tx }) => assignItem(tx, user, input),
});

export const commentItemDef = defineAction({
  permission: 'checklist:edit',
  input: CommentItemInput,
  handler: ({ user, input, tx }) => commentItem(tx, user, input),
});

export const editItemDef = defineAction({
  permission: 'checklist:edit',
  input: EditItemInput,
  handler: ({ user, input, tx }) => editItem(tx, user, input),
});

export const moveItemDef = defineAction({
  permission: 'checklist:edit',
  input: MoveItemInput,
  handler: ({ user, input, tx }) => moveItem(tx, user, input),
});

export const removeItemDef = defineAction({
  permission: 'checklist:edit',
  input: RemoveItemInput,
  handler: ({ user, input, tx }) => removeItem(tx, user, input),
});

export const addItemDef = defineAction({
  permission: 'checklist:edit',
  input: AddItemInput,
  handler: ({ user, input, tx }) => addItem(tx, user, input),
});

export const linkPlaybookDef = defineAction({
  permission: 'playbook:author',
  input: LinkPlaybookInput,
  handler: ({ user, input, tx }) =>
    linkPlaybook(tx, user, input, (name) =>
      findPlaybook(name).then(
        () => true,
        (err: unknown) => {
          if (err instanceof AppError && err.code.startsWith('not_found')) return false;
          throw err;
        },
      ),
    ),
});

export const restoreItemDef = defineAction({
  permission: 'checklist:edit',
  input: RestoreItemInput,
  handler: ({ user, input, tx }) => restoreItem(tx, user, input),
});
