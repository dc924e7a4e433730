'use client';

import { Time } from '@/components/ui/time';
import type { ItemState } from '@/lib/checklists/item-state';
import { fixAnchor, splitFixRefs } from '@/lib/checklists/fix-refs';
import { ChecklistItemDetails, type Person } from './checklist-item-details';
import { ChecklistItemPlaybook, type PlaybookLinks } from './checklist-item-playbook';
import type { CommentView } from './live-checklists';
import type { ItemCall } from './use-checklist-items';

/** One item: its checkbox, who ticked it and when, and (for editors) its details panel. */
export function ChecklistItemRow({
  item,
  first,
  last,
  error,
  comments,
  onRemove,
  pending,
  canTick,
  canEdit,
  slug,
  playbookLinks,
  open,
  people,
  registerRow,
  onToggle,
  onOpen,
  onMutate,
}: {
  item: ItemState;
  first: boolean;
  last: boolean;
  error: string | null;
  comments: CommentView[];
  onRemove: () => void;
  pending: boolean;
  canTick: boolean;
  canEdit: boolean;
  slug: string;
  playbookLinks: PlaybookLinks;
  open: boolean;
  people: Person[];
  registerRow: (el: HTMLLIElement | null) => void;
  onToggle: () => void;
  onOpen: () => void;
  onMutate: (optimistic: Partial<ItemState> | null, call: ItemCall) => Promise<void>;
}) {
  return (
    <li
      ref={registerRow}
      tabIndex={0}
      data-item-id={item.id}
      data-testid="checklist-item"
      data-done={item.done}
      data-version={item.version}
      className="rounded px-1 outline-none focus:bg-sky-50 focus:ring-1 focus:ring-sky-400 dark:focus:bg-sky-950"
      style={{ marginLeft: `${item.depth * 1.25}rem` }}
    >
      <div className="flex items-start gap-2 py-0.5">
        {/* On a phone the box is drawn at 24 px and the label around it is the 44 px hit area (globals.css). */}
        <label className="tap-label -m-2.5 shrink-0 cursor-pointer justify-center sm:m-0">
          <input
            type="checkbox"
            aria-label={`checklist item ${item.text}`}
            checked={item.done}
            disabled={!canTick || pending}
            onChange={onToggle}
            tabIndex={-1}
            className="mt-0.5 h-4 w-4 shrink-0 accent-emerald-600"
          />
        </label>
        <span className={`min-w-0 flex-1 break-words ${item.done ? 'text-slate-500 line-through' : ''}`}>
          <ItemText text={item.text} />
        </span>
        {item.assignee && (
          <span className="shrink-0 rounded bg-sky-100 px-1 text-[11px] text-sky-800 dark:bg-sky-950 dark:text-sky-200">
            @{item.assignee.name}
          </span>
        )}
        {item.done && item.doneBy && (
          <span className="shrink-0 text-[11px] text-slate-500" data-testid="done-by">
            {item.doneBy.name}
            {item.doneAt ? (
              <>
                {' · '}
                <Time iso={item.doneAt} />
              </>
            ) : null}
          </span>
        )}
        {canEdit && (
          <button
            type="button"
            tabIndex={-1}
            aria-label={`Details of ${item.text}`}
            onClick={onOpen}
            className="shrink-0 rounded px-1 text-slate-400 hover:bg-slate-200 dark:hover:bg-slate-800"
          >
            ⋯
          </button>
        )}
      </div>
      {item.comment && <p className="ml-5 text-xs text-slate-500">💬 {item.comment}</p>}
      <ChecklistItemPlaybook item={item} slug={slug} links={playbookLinks} />
      {error && (
        <p role="alert" data-testid="item-error" className="ml-5 text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      )}
      {open && canEdit && (
        <ChecklistItemDetails
          item={item}
          people={people}
          first={first}
          last={last}
          comments={comments}
          onRemove={onRemove}
          onMutate={onMutate}
        />
      )}
    </li>
  );
}

/** Item text with each "Fix N" linked to that fix of the plan. */
function ItemText({ text }: { text: string }) {
  return (
    <>
      {splitFixRefs(text).map((p, i) =>
        p.fix ? (
          <a key={i} href={`#${fixAnchor(p.fix)}`} className="text-sky-700 underline dark:text-sky-400">
            {p.text}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
