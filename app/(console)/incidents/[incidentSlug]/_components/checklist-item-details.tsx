'use client';

import { useState } from 'react';
import { Input, Select } from '@/components/ui/input';
import type { ItemState } from '@/lib/checklists/item-state';
import {
  assignChecklistItem,
  commentChecklistItem,
  editChecklistItem,
  moveChecklistItem,
  removeChecklistItem,
} from '../actions';
import type { ItemCall } from './use-checklist-items';

export type Person = { id: string; name: string; email: string };

const smallButton = 'rounded bg-slate-700 px-2 py-0.5 text-white dark:bg-slate-300 dark:text-slate-900';

/**
 * An item's details: assignee, comment, text, order, removal. Every change
 * carries the version the tab holds, so a stale one comes back as a
 * conflict with the fresh state instead of overwriting a teammate's.
 */
export function ChecklistItemDetails({
  item,
  people,
  onMutate,
}: {
  item: ItemState;
  people: Person[];
  onMutate: (optimistic: Partial<ItemState> | null, call: ItemCall) => Promise<void>;
}) {
  const [text, setText] = useState(item.text);
  const [comment, setComment] = useState(item.comment ?? '');
  const at = { itemId: item.id, version: item.version };
  return (
    <div
      className="my-1 ml-5 grid gap-1.5 rounded border border-slate-200 p-2 text-xs dark:border-slate-800"
      data-testid="item-details"
    >
      <label className="flex items-center gap-2">
        Assignee
        <Select
          aria-label="Assignee"
          size="xs"
          fullWidth={false}
          value={item.assignee?.id ?? ''}
          onChange={(e) => {
            const assigneeId = e.target.value || null;
            const p = people.find((x) => x.id === assigneeId) ?? null;
            void onMutate({ assignee: p }, () => assignChecklistItem({ ...at, assigneeId }));
          }}
        >
          <option value="">nobody</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </label>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void onMutate({ comment: comment || null }, () => commentChecklistItem({ ...at, comment }));
        }}
      >
        <Input
          type="text"
          aria-label="Comment"
          size="xs"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder="short comment"
          className="flex-1"
        />
        <button className={smallButton}>Save comment</button>
      </form>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void onMutate({ text }, () => editChecklistItem({ ...at, text }));
        }}
      >
        <Input
          type="text"
          aria-label="Item text"
          size="xs"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="flex-1"
        />
        <button className={smallButton}>Save text</button>
      </form>
      <div className="flex gap-2">
        <button
          type="button"
          className="rounded border px-2 py-0.5"
          onClick={() => void onMutate(null, () => moveChecklistItem({ ...at, direction: 'up' }))}
        >
          Move up
        </button>
        <button
          type="button"
          className="rounded border px-2 py-0.5"
          onClick={() => void onMutate(null, () => moveChecklistItem({ ...at, direction: 'down' }))}
        >
          Move down
        </button>
        <button
          type="button"
          className="ml-auto rounded bg-rose-600 px-2 py-0.5 text-white"
          onClick={() => void onMutate(null, () => removeChecklistItem(at))}
        >
          Remove
        </button>
      </div>
    </div>
  );
}
