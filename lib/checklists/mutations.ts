import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { INCIDENT_LIST_CHANNEL, incidentChannel } from '@/lib/realtime/bus';

/** The incident list shows each incident's progress: a tick, or an item added or removed, tells it too. */
const PROGRESS_EVENT = { channel: INCIDENT_LIST_CHANNEL, type: 'incident.listed', data: { what: 'progress' } };
import {
  ITEM_SELECT,
  STRUCTURE_EVENT,
  itemEvent,
  loadItem,
  setItemDone,
  toItemState,
  updateItemIfVersion,
  type ItemRow,
  type ItemState,
} from './item-state';
import { z } from 'zod';
import type {
  LinkPlaybookInput,
  RestoreItemInput,
  AddItemInput,
  AssignItemInput,
  CommentItemInput,
  EditItemInput,
  MoveItemInput,
  RemoveItemInput,
  TickItemInput,
} from './schemas';

const quote = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77)}…` : text}"`;

function itemMutation(
  after: ItemRow,
  action: string,
  summary: string,
  payload: unknown,
  timelineData: Record<string, unknown> = {},
): Mutation<ItemState> {
  const incidentId = after.group.checklist.incidentId;
  return {
    data: toItemState(after),
    audit: { action, targetType: 'checklist-item', targetId: after.id, payload },
    timeline: { incidentId, kind: 'checklist', summary, data: { itemId: after.id, ...timelineData } },
    publish:
      action === 'checklist.tick' || action === 'checklist.untick'
        ? [itemEvent(after), PROGRESS_EVENT]
        : [itemEvent(after)],
  };
}

export async function tickItem(
  tx: Tx,
  actor: SessionUser,
  input: z.infer<typeof TickItemInput>,
): Promise<Mutation<ItemState>> {
  const { after } = await setItemDone(tx, actor, input.itemId, input.done, input.version);
  return itemMutation(
    after,
    input.done ? 'checklist.tick' : 'checklist.untick',
    `${input.done ? 'Ticked' : 'Unticked'} ${quote(after.text)}`,
    {
      done: input.done,
      version: after.version,
    },
  );
}

export async function assignItem(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof AssignItemInput>,
): Promise<Mutation<ItemState>> {
  let assignee: { email: string; name: string; role: string } | null = null;
  if (input.assigneeId) {
    assignee = await tx.user.findFirst({
      where: { id: input.assigneeId, disabled: false },
      select: { email: true, name: true, role: true },
    });
    if (!assignee) throw new AppError('invalid:assignee', 'Assignee: that person is not an active user.');
    // A viewer cannot tick, so an item assigned to one could never be done by its assignee.
    if (assignee.role === 'viewer')
      throw new AppError(
        'invalid:assignee',
        `Assignee: ${assignee.name} (${assignee.email}) is a viewer and cannot tick items.`,
      );
  }
  const { after } = await updateItemIfVersion(tx, input.itemId, input.version, { assigneeId: input.assigneeId });
  return itemMutation(
    after,
    'checklist.assign',
    assignee ? `Assigned ${quote(after.text)} to ${assignee.name}` : `Unassigned ${quote(after.text)}`,
    {
      assigneeId: input.assigneeId,
    },
  );
}

export async function commentItem(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof CommentItemInput>,
): Promise<Mutation<ItemState>> {
  const { after } = await updateItemIfVersion(tx, input.itemId, input.version, { comment: input.comment || null });
  return itemMutation(
    after,
    'checklist.comment',
    input.comment ? `Comment on ${quote(after.text)}: ${input.comment}` : `Cleared the comment on ${quote(after.text)}`,
    {
      comment: input.comment,
    },
    // The item panel lists every comment from these, not only the latest.
    { comment: input.comment || null },
  );
}

export async function editItem(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof EditItemInput>,
): Promise<Mutation<ItemState>> {
  const { before, after } = await updateItemIfVersion(tx, input.itemId, input.version, { text: input.text });
  return itemMutation(after, 'checklist.edit', `Edited ${quote(before.text)} → ${quote(after.text)}`, {
    from: before.text,
    to: after.text,
  });
}

async function incidentOfGroup(tx: Tx, groupId: string) {
  const group = await tx.checklistGroup.findUnique({
    where: { id: groupId },
    select: { id: true, title: true, checklist: { select: { incidentId: true } } },
  });
  if (!group) throw new AppError('not_found:checklist-group', 'That checklist section no longer exists.');
  return group;
}

function structureMutation<T>(
  data: T,
  incidentId: string,
  groupId: string,
  action: string,
  targetId: string,
  summary: string,
  payload: unknown,
  items: ItemRow[] = [],
): Mutation<T> {
  return {
    data,
    audit: { action, targetType: 'checklist-item', targetId, payload },
    timeline: { incidentId, kind: 'checklist', summary, data: { itemId: targetId } },
    publish: [
      ...items.map(itemEvent),
      { channel: incidentChannel(incidentId), type: STRUCTURE_EVENT, data: { groupId } },
      PROGRESS_EVENT,
    ],
  };
}

export async function addItem(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof AddItemInput>,
): Promise<Mutation<ItemState>> {
  const group = await incidentOfGroup(tx, input.groupId);
  const last = await tx.checklistItem.findFirst({
    where: { groupId: group.id },
    orderBy: { position: 'desc' },
    select: { position: true },
  });
  const created = await tx.checklistItem.create({
    data: { groupId: group.id, text: input.text, position: (last?.position ?? -1) + 1 },
    select: ITEM_SELECT,
  });
  return structureMutation(
    toItemState(created),
    group.checklist.incidentId,
    group.id,
    'checklist.add',
    created.id,
    `Added ${quote(input.text)} to ${group.title}`,
    { text: input.text },
    [created],
  );
}

export async function moveItem(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof MoveItemInput>,
): Promise<Mutation<ItemState>> {
  const item = await loadItem(tx, input.itemId);
  const neighbour = await tx.checklistItem.findFirst({
    where: {
      groupId: item.groupId,
      position: input.direction === 'up' ? { lt: item.position } : { gt: item.position },
    },
    orderBy: { position: input.direction === 'up' ? 'desc' : 'asc' },
    select: { id: true, position: true, version: true },
  });
  if (!neighbour)
    throw new AppError(
      'conflict:checklist-order',
      `${quote(item.text)} is already at the ${input.direction === 'up' ? 'top' : 'bottom'}.`,
    );
  const { after } = await updateItemIfVersion(tx, item.id, input.version, { position: neighbour.position });
  const { after: swapped } = await updateItemIfVersion(tx, neighbour.id, neighbour.version, {
    position: item.position,
  });
  return structureMutation(
    toItemState(after),
    after.group.checklist.incidentId,
    item.groupId,
    'checklist.move',
    item.id,
    `Moved ${quote(item.text)} ${input.direction}`,
    { direction: input.direction },
    [after, swapped],
  );
}

export async function removeItem(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof RemoveItemInput>,
): Promise<Mutation<{ id: string }>> {
  const item = await loadItem(tx, input.itemId);
  const stored = await tx.checklistItem.findUniqueOrThrow({
    where: { id: item.id },
    select: { doneById: true, assigneeId: true, playbookId: true, createdAt: true },
  });
  const { count } = await tx.checklistItem.deleteMany({ where: { id: item.id, version: input.version } });
  if (count === 0)
    throw new AppError(
      'conflict:checklist-item',
      `${quote(item.text)} was changed by someone else; showing the latest state.`,
      { current: toItemState(item) },
    );
  const incidentId = item.group.checklist.incidentId;
  return structureMutation(
    { id: item.id },
    incidentId,
    item.groupId,
    'checklist.remove',
    item.id,
    `Removed ${quote(item.text)}`,
    // The whole item, so Undo (restoreItem) can put it back exactly as it was.
    {
      text: item.text,
      done: item.done,
      snapshot: {
        groupId: item.groupId,
        position: item.position,
        depth: item.depth,
        doneAt: item.doneAt?.toISOString() ?? null,
        comment: item.comment,
        version: item.version,
        ...stored,
        createdAt: stored.createdAt.toISOString(),
      },
    },
  );
}

/** How long after "Remove" an item can still be put back with Undo. */
export const RESTORE_WINDOW_MS = 10 * 60_000;

const RemovedSnapshot = z.object({
  text: z.string(),
  done: z.boolean(),
  snapshot: z.object({
    groupId: z.string(),
    position: z.number(),
    depth: z.number(),
    doneAt: z.string().nullable(),
    comment: z.string().nullable(),
    version: z.number(),
    doneById: z.string().nullable(),
    assigneeId: z.string().nullable(),
    playbookId: z.string().nullable(),
    createdAt: z.string(),
  }),
});

/**
 * Undo of a removal, for RESTORE_WINDOW_MS: the item comes back with its id,
 * place, ticks, assignee and comment, from the snapshot its removal wrote to
 * the audit log (the log is where a removed item is still whole).
 */
export async function restoreItem(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof RestoreItemInput>,
): Promise<Mutation<ItemState>> {
  const exists = await tx.checklistItem.findUnique({ where: { id: input.itemId }, select: { id: true } });
  if (exists) throw new AppError('conflict:checklist-item', 'That item is already back on the checklist.');
  const removal = await tx.auditEntry.findFirst({
    where: { action: 'checklist.remove', targetType: 'checklist-item', targetId: input.itemId },
    orderBy: { seq: 'desc' },
    select: { at: true, payload: true },
  });
  if (!removal) throw new AppError('not_found:checklist-item', 'No removed item to put back.');
  if (Date.now() - removal.at.getTime() > RESTORE_WINDOW_MS)
    throw new AppError('conflict:restore-expired', 'It is too late to undo this removal; add the item again.');
  const parsed = RemovedSnapshot.safeParse(JSON.parse(removal.payload));
  if (!parsed.success)
    throw new AppError('conflict:restore-expired', 'This removal cannot be undone; add the item again.');
  const { text, done, snapshot: s } = parsed.data;
  const group = await incidentOfGroup(tx, s.groupId);
  const people = await tx.user.findMany({
    where: { id: { in: [s.doneById, s.assigneeId].filter((x): x is string => Boolean(x)) } },
    select: { id: true },
  });
  const known = new Set(people.map((p) => p.id));
  const created = await tx.checklistItem.create({
    data: {
      id: input.itemId,
      groupId: group.id,
      position: s.position,
      text,
      depth: s.depth,
      done,
      doneAt: s.doneAt ? new Date(s.doneAt) : null,
      doneById: s.doneById && known.has(s.doneById) ? s.doneById : null,
      assigneeId: s.assigneeId && known.has(s.assigneeId) ? s.assigneeId : null,
      comment: s.comment,
      playbookId: s.playbookId,
      version: s.version + 1,
      createdAt: new Date(s.createdAt),
    },
    select: ITEM_SELECT,
  });
  return structureMutation(
    toItemState(created),
    group.checklist.incidentId,
    group.id,
    'checklist.restore',
    created.id,
    `Put back ${quote(text)} (undo of a removal)`,
    { text },
    [created],
  );
}

/** The item gets a Run button for that playbook; the playbook must exist (built-in or saved). */
export async function linkPlaybook(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof LinkPlaybookInput>,
  exists: (name: string) => Promise<boolean>,
): Promise<Mutation<ItemState>> {
  if (input.playbook && !(await exists(input.playbook))) {
    throw new AppError('not_found:playbook', `No playbook named ${input.playbook}.`);
  }
  const { after } = await updateItemIfVersion(tx, input.itemId, input.version, { playbookId: input.playbook });
  return itemMutation(
    after,
    'checklist.link-playbook',
    input.playbook
      ? `Linked ${quote(after.text)} to playbook ${input.playbook}`
      : `Unlinked ${quote(after.text)} from its playbook`,
    { playbook: input.playbook },
  );
}
