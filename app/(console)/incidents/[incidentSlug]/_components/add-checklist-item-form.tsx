'use client';

import { useState, useTransition } from 'react';
import { addChecklistItem } from '../actions';

/**
 * "+ add item" under a group. Controlled, and submitted by hand rather than
 * through a form action: React resets a form after its action, and a
 * refused add must keep what was typed.
 */
export function AddChecklistItemForm({
  groupId,
  onError,
  onAdded,
}: {
  groupId: string;
  onError: (message: string) => void;
  onAdded: () => void;
}) {
  const [text, setText] = useState('');
  const [pending, start] = useTransition();
  return (
    <form
      className="mt-1 flex gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await addChecklistItem({ groupId, text });
          if (r.ok) {
            setText('');
            onAdded();
          } else onError(r.error.message);
        });
      }}
    >
      <input
        type="text"
        aria-label="New item"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="+ add item"
        className="flex-1 rounded border border-transparent bg-transparent px-1 py-0.5 text-xs hover:border-slate-300 focus:border-slate-400 dark:hover:border-slate-700"
      />
      {text && (
        <button disabled={pending} className="rounded bg-sky-600 px-2 text-xs text-white">
          Add
        </button>
      )}
    </form>
  );
}
