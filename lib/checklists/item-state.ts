import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { incidentChannel } from '@/lib/realtime/bus';

/** What every browser holds per checklist item; the realtime event carries it whole. */
export const ITEM_SELECT = {
  id: true,
  groupId: true,
  position: true,
  text: true,
  depth: true,
  done: true,
  doneAt: true,
  comment: true,
  playbookId: true,
  runId: true,
  evidence: true,
  version: true,
  doneBy: { select: { id: true, name: true, email: true } },
  assignee: { select: { id: true, name: true, email: true } },
  group: { select: { checklist: { select: { incidentId: true } } } },
} as const;

export type ItemRow = {
  id: string;
  groupId: string;
  position: number;
  text: string;
  depth: number;
  done: boolean;
  doneAt: Date | null;
  comment: string | null;
  /** The linked playbook's name; a successful run of it ticks the item with `evidence`. */
  playbookId: string | null;
  runId: number | null;
  evidence: string | null;
  version: number;
  doneBy: { id: string; name: string; email: string } | null;
  assignee: { id: string; name: string; email: string } | null;
  group: { checklist: { incidentId: string } };
};

/** Serializable item state for the UI and the SSE stream. */
export type ItemState = Omit<ItemRow, 'doneAt' | 'group'> & { doneAt: string | null };

export function toItemState(row: ItemRow): ItemState {
  const { group: _group, doneAt, ...rest } = row;
  return { ...rest, doneAt: doneAt ? doneAt.toISOString() : null };
}

export const ITEM_EVENT = 'checklist.item';
export const STRUCTURE_EVENT = 'checklist.structure';

export function itemEvent(row: ItemRow) {
  return { channel: incidentChannel(row.group.checklist.incidentId), type: ITEM_EVENT, data: toItemState(row) };
}

export async function loadItem(tx: Tx, itemId: string): Promise<ItemRow> {
  const row = await tx.checklistItem.findUnique({ where: { id: itemId }, select: ITEM_SELECT });
  if (!row) throw new AppError('not_found:checklist-item', 'That checklist item no longer exists.');
  return row;
}

/**
 * Compare-and-set on `version`: the update applies only if nobody changed
 * the item since the caller saw it. Otherwise a conflict carrying the fresh
 * state — never a silent overwrite. Runs inside the (IMMEDIATE) transaction.
 */
export async function updateItemIfVersion(
  tx: Tx,
  itemId: string,
  expectedVersion: number | undefined,
  data: {
    done?: boolean;
    doneById?: string | null;
    doneAt?: Date | null;
    assigneeId?: string | null;
    comment?: string | null;
    text?: string;
    position?: number;
    playbookId?: string | null;
    runId?: number | null;
    evidence?: string | null;
  },
): Promise<{ before: { text: string; version: number }; after: ItemRow }> {
  // The common case is one conditional UPDATE: only when it matches nothing
  // do we read the row, to tell "gone" from "changed" and send the fresh state.
  let before: { text: string; version: number } | null = null;
  let version = expectedVersion;
  if (version === undefined || data.text !== undefined) {
    before = await tx.checklistItem.findUnique({ where: { id: itemId }, select: { text: true, version: true } });
    if (!before) throw new AppError('not_found:checklist-item', 'That checklist item no longer exists.');
    version ??= before.version;
  }
  const { count } = await tx.checklistItem.updateMany({
    where: { id: itemId, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) {
    const current = await loadItem(tx, itemId);
    throw new AppError(
      'conflict:checklist-item',
      `"${current.text}" was changed by someone else; showing the latest state.`,
      {
        current: toItemState(current),
      },
    );
  }
  const after = await loadItem(tx, itemId);
  return { before: before ?? { text: after.text, version }, after };
}

/** Tick or untick; used by the checklist UI and by publishing a linked status update. */
export async function setItemDone(
  tx: Tx,
  actor: { id: string } | null,
  itemId: string,
  done: boolean,
  expectedVersion?: number,
) {
  return updateItemIfVersion(tx, itemId, expectedVersion, {
    done,
    doneById: done ? (actor?.id ?? null) : null,
    doneAt: done ? new Date() : null,
  });
}
