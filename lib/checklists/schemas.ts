import { z } from 'zod';

const Id = z.string().min(1).max(64);
const Version = z.coerce.number().int().positive();
const Text = z.string().trim().min(1, 'Write the item.').max(500, 'Keep an item under 500 characters.');

export const TickItemInput = z.object({ itemId: Id, done: z.boolean(), version: Version });
export const AssignItemInput = z.object({ itemId: Id, assigneeId: Id.nullable(), version: Version });
export const CommentItemInput = z.object({
  itemId: Id,
  comment: z.string().trim().max(500, 'Keep a comment under 500 characters.'),
  version: Version,
});
/** Links an item to a playbook by name (null unlinks); a commander confirms the import's suggestion. */
export const LinkPlaybookInput = z.object({
  itemId: Id,
  playbook: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a playbook name like free-port-and-restart')
    .nullable(),
  version: Version,
});
export const EditItemInput = z.object({ itemId: Id, text: Text, version: Version });
export const MoveItemInput = z.object({ itemId: Id, direction: z.enum(['up', 'down']), version: Version });
export const RemoveItemInput = z.object({ itemId: Id, version: Version });
export const AddItemInput = z.object({ groupId: Id, text: Text });
export const RestoreItemInput = z.object({ itemId: Id });
