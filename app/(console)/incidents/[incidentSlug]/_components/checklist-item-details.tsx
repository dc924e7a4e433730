'use client';

import { useState } from 'react';
import { Input, Select } from '@/components/ui/input';
import type { ItemState } from '@/lib/checklists/item-state';
import { Time } from '@/components/ui/time';
import { assignChecklistItem, commentChecklistItem, editChecklistItem, moveChecklistItem } from '../actions';
import type { CommentView } from './live-checklists';
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
  first,
  last,
  comments,
  onRemove,
  onMutate,
}: {
  item: ItemState;
  people: Person[];
  first: boolean;
  last: boolean;
  /** Every comment the item got (the item itself keeps only the latest). */
  comments: CommentView[];
  onRemove: () => void;
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
      {comments.length > 0 && (
        <ol data-testid="item-comments" className="space-y-0.5 text-slate-600 dark:text-slate-300">
          {comments.map((c, i) => (
            <li key={i} data-testid="item-comment">
              <span className="text-slate-500">
                {c.by ?? 'someone'} · <Time iso={c.at} />:
              </span>{' '}
              {c.text}
            </li>
          ))}
        </ol>
      )}
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
          className="rounded border px-2 py-0.5 disabled:opacity-40"
          disabled={first}
          title={first ? 'Already the first item' : undefined}
          onClick={() => void onMutate(null, () => moveChecklistItem({ ...at, direction: 'up' }))}
        >
          Move up
        </button>
        <button
          type="button"
          className="rounded border px-2 py-0.5 disabled:opacity-40"
          disabled={last}
          title={last ? 'Already the last item' : undefined}
          onClick={() => void onMutate(null, () => moveChecklistItem({ ...at, direction: 'down' }))}
        >
          Move down
        </button>
        <button type="button" className="ml-auto rounded bg-rose-600 px-2 py-0.5 text-white" onClick={onRemove}>
          Remove
        </button>
      </div>
    </div>
  );
}
