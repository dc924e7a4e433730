'use client';

import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { ProgressBar } from '@/components/ui/progress-bar';
import { LocalTime } from '@/components/ui/local-time';
import type { ActionError, ActionResult } from '@/lib/errors';
import type { ItemState } from '@/lib/checklists/item-state';
import { CHECKLIST_KIND_LABEL } from '@/lib/incidents/constants';
import {
  addChecklistItem,
  assignChecklistItem,
  commentChecklistItem,
  editChecklistItem,
  moveChecklistItem,
  removeChecklistItem,
  tickChecklistItem,
} from '../actions';
import { useIncidentEvents, type IncidentEvent } from './use-incident-events';

export type ChecklistView = {
  id: string;
  kind: string;
  title: string;
  groups: { id: string; title: string; items: ItemState[] }[];
};
type Person = { id: string; name: string; email: string };
type Notice = { tone: 'error' | 'info'; text: string } | null;

/**
 * The live checklists: ticks apply optimistically, carry the item's version,
 * and roll back with a message when the server refuses; every other
 * browser's change arrives over the incident's event stream. Keyboard: j/k
 * move, x ticks, e opens the item's details.
 */
export function LiveChecklists({
  slug,
  checklists,
  canTick,
  canEdit,
  people,
}: {
  slug: string;
  checklists: ChecklistView[];
  canTick: boolean;
  canEdit: boolean;
  people: Person[];
}) {
  const router = useRouter();
  const [items, setItems] = useState<Record<string, ItemState>>(() => indexItems(checklists));
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [open, setOpen] = useState<string | null>(null);
  const order = useMemo(
    () => checklists.flatMap((c) => c.groups.flatMap((g) => g.items.map((i) => i.id))),
    [checklists],
  );
  const rows = useRef<Map<string, HTMLLIElement>>(new Map());
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // New server data (after a structure change) wins where it is newer.
  const [seen, setSeen] = useState(checklists);
  if (seen !== checklists) {
    setSeen(checklists);
    setItems((cur) => mergeNewer(cur, indexItems(checklists)));
  }

  const apply = useCallback((state: ItemState) => {
    // An older state (a late event, a slow action reply) never overwrites a newer one.
    setItems((cur) => ((cur[state.id]?.version ?? -1) >= state.version ? cur : { ...cur, [state.id]: state }));
  }, []);

  const scheduleRefresh = useCallback(() => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => router.refresh(), 400);
  }, [router]);

  const stream = useIncidentEvents(slug, (e: IncidentEvent) => {
    if (e.type === 'checklist.item') apply(e.data as ItemState);
    if (e.type === 'checklist.structure' || e.type === 'resync') scheduleRefresh();
    if (e.type === 'incident.changed' || e.type === 'checklist.item' || e.type.startsWith('comms.')) scheduleRefresh();
  });

  async function mutate(
    itemId: string,
    optimistic: Partial<ItemState> | null,
    call: () => Promise<ActionResult<unknown>>,
  ) {
    const before = items[itemId];
    if (optimistic && before) setItems((cur) => ({ ...cur, [itemId]: { ...before, ...optimistic } }));
    setPending((p) => ({ ...p, [itemId]: true }));
    try {
      const r = await call();
      if (r.ok) {
        if (r.data && typeof r.data === 'object' && 'version' in r.data) apply(r.data as ItemState);
        setNotice(null);
      } else {
        rollback(itemId, before, r.error);
      }
    } catch {
      rollback(itemId, before, { code: 'unavailable', message: 'Could not reach warroom; your change was not saved.' });
    } finally {
      setPending((p) => ({ ...p, [itemId]: false }));
    }
  }

  function rollback(itemId: string, before: ItemState | undefined, error: ActionError) {
    const current = error.current as ItemState | undefined;
    if (current?.id === itemId) setItems((cur) => ({ ...cur, [itemId]: current }));
    else if (before) setItems((cur) => ({ ...cur, [itemId]: before }));
    setNotice({ tone: 'error', text: error.message });
  }

  function toggle(itemId: string) {
    const item = items[itemId];
    if (!item || !canTick || pending[itemId]) return;
    const done = !item.done;
    void mutate(itemId, { done }, () => tickChecklistItem({ itemId, done, version: item.version }));
  }

  function onKeyDown(e: React.KeyboardEvent) {
    if ((e.target as HTMLElement).closest('input[type=text],textarea,select')) return;
    const current = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-item-id]')?.dataset
      .itemId;
    const at = current ? order.indexOf(current) : -1;
    const focus = (i: number) => {
      const id = order[Math.max(0, Math.min(order.length - 1, i))];
      if (id !== undefined) rows.current.get(id)?.focus();
    };
    if (e.key === 'j') {
      e.preventDefault();
      focus(at + 1);
    } else if (e.key === 'k') {
      e.preventDefault();
      focus(at < 0 ? 0 : at - 1);
    } else if ((e.key === 'x' || e.key === ' ') && current) {
      e.preventDefault();
      toggle(current);
    } else if (e.key === 'e' && current && canEdit) {
      e.preventDefault();
      setOpen(open === current ? null : current);
    }
  }

  useEffect(
    () => () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    },
    [],
  );

  const all = order.map((id) => items[id]).filter((item): item is ItemState => item !== undefined);
  return (
    <section aria-labelledby="checklists-title" data-testid="section-checklists" onKeyDown={onKeyDown}>
      <div className="mb-2 flex items-center justify-between gap-3 border-b border-slate-200 pb-1 dark:border-slate-800">
        <h2
          id="checklists-title"
          className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
        >
          Checklists
        </h2>
        <span className="text-xs text-slate-500" data-testid="stream-state">
          <span
            className={`mr-1 inline-block h-2 w-2 rounded-full ${stream === 'live' ? 'bg-emerald-500' : 'bg-amber-500'}`}
            aria-hidden
          />
          {stream === 'live' ? 'live' : stream === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </span>
        <div className="ml-auto w-56">
          <ProgressBar done={all.filter((i) => i.done).length} total={all.length} label="All checklists" />
        </div>
      </div>
      <p className="mb-2 text-xs text-slate-500">Keyboard: j/k move · x tick{canEdit ? ' · e details' : ''}</p>
      <div aria-live="polite" className="min-h-5 text-sm" data-testid="checklist-notice">
        {notice && (
          <p className={notice.tone === 'error' ? 'text-rose-600 dark:text-rose-400' : 'text-slate-500'}>
            {notice.text}
          </p>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {checklists.map((c) => {
          const cItems = c.groups.flatMap((g) => g.items.map((i) => items[i.id] ?? i));
          return (
            <div
              key={c.id}
              data-testid={`checklist-${c.kind}`}
              className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
            >
              <div className="mb-2 flex items-center justify-between gap-3">
                <h3 className="font-semibold">{c.title || CHECKLIST_KIND_LABEL[c.kind]}</h3>
                <div className="w-40">
                  <ProgressBar done={cItems.filter((i) => i.done).length} total={cItems.length} label={c.title} />
                </div>
              </div>
              <div className="space-y-3">
                {c.groups.map((g) => {
                  const gItems = g.items.map((i) => items[i.id] ?? i);
                  return (
                    <div key={g.id} data-testid="checklist-group">
                      <div className="mb-1 flex items-center justify-between gap-3">
                        <h4 className="text-xs font-semibold uppercase text-slate-500">{g.title}</h4>
                        <div className="w-28">
                          <ProgressBar
                            done={gItems.filter((i) => i.done).length}
                            total={gItems.length}
                            label={g.title}
                          />
                        </div>
                      </div>
                      <ul className="space-y-0.5">
                        {gItems.map((item) => (
                          <ItemRow
                            key={item.id}
                            item={item}
                            pending={Boolean(pending[item.id])}
                            canTick={canTick}
                            canEdit={canEdit}
                            open={open === item.id}
                            people={people}
                            registerRow={(el) => {
                              if (el) rows.current.set(item.id, el);
                              else rows.current.delete(item.id);
                            }}
                            onToggle={() => toggle(item.id)}
                            onOpen={() => setOpen(open === item.id ? null : item.id)}
                            onMutate={(optimistic, call) => mutate(item.id, optimistic, call)}
                          />
                        ))}
                      </ul>
                      {canEdit && (
                        <AddItem
                          groupId={g.id}
                          onError={(m) => setNotice({ tone: 'error', text: m })}
                          onAdded={scheduleRefresh}
                        />
                      )}
                    </div>
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}

function ItemRow({
  item,
  pending,
  canTick,
  canEdit,
  open,
  people,
  registerRow,
  onToggle,
  onOpen,
  onMutate,
}: {
  item: ItemState;
  pending: boolean;
  canTick: boolean;
  canEdit: boolean;
  open: boolean;
  people: Person[];
  registerRow: (el: HTMLLIElement | null) => void;
  onToggle: () => void;
  onOpen: () => void;
  onMutate: (optimistic: Partial<ItemState> | null, call: () => Promise<ActionResult<unknown>>) => Promise<void>;
}) {
  const label = `checklist item ${item.text}`;
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
        <input
          type="checkbox"
          aria-label={label}
          checked={item.done}
          disabled={!canTick || pending}
          onChange={onToggle}
          tabIndex={-1}
          className="mt-0.5 h-3.5 w-3.5 shrink-0 accent-emerald-600"
        />
        <span className={`min-w-0 flex-1 break-words ${item.done ? 'text-slate-500 line-through' : ''}`}>
          {item.text}
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
                <LocalTime iso={item.doneAt} />
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
      {open && canEdit && <ItemDetails item={item} people={people} onMutate={onMutate} />}
    </li>
  );
}

function ItemDetails({
  item,
  people,
  onMutate,
}: {
  item: ItemState;
  people: Person[];
  onMutate: (o: Partial<ItemState> | null, c: () => Promise<ActionResult<unknown>>) => Promise<void>;
}) {
  const [text, setText] = useState(item.text);
  const [comment, setComment] = useState(item.comment ?? '');
  const field =
    'rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-950';
  return (
    <div
      className="my-1 ml-5 grid gap-1.5 rounded border border-slate-200 p-2 text-xs dark:border-slate-800"
      data-testid="item-details"
    >
      <label className="flex items-center gap-2">
        Assignee
        <select
          aria-label="Assignee"
          className={field}
          value={item.assignee?.id ?? ''}
          onChange={(e) => {
            const assigneeId = e.target.value || null;
            const p = people.find((x) => x.id === assigneeId) ?? null;
            void onMutate({ assignee: p }, () =>
              assignChecklistItem({ itemId: item.id, assigneeId, version: item.version }),
            );
          }}
        >
          <option value="">nobody</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void onMutate({ comment: comment || null }, () =>
            commentChecklistItem({ itemId: item.id, comment, version: item.version }),
          );
        }}
      >
        <input
          type="text"
          aria-label="Comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder="short comment"
          className={`${field} flex-1`}
        />
        <button className="rounded bg-slate-700 px-2 py-0.5 text-white dark:bg-slate-300 dark:text-slate-900">
          Save comment
        </button>
      </form>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void onMutate({ text }, () => editChecklistItem({ itemId: item.id, text, version: item.version }));
        }}
      >
        <input
          type="text"
          aria-label="Item text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className={`${field} flex-1`}
        />
        <button className="rounded bg-slate-700 px-2 py-0.5 text-white dark:bg-slate-300 dark:text-slate-900">
          Save text
        </button>
      </form>
      <div className="flex gap-2">
        <button
          type="button"
          className="rounded border px-2 py-0.5"
          onClick={() =>
            void onMutate(null, () => moveChecklistItem({ itemId: item.id, direction: 'up', version: item.version }))
          }
        >
          Move up
        </button>
        <button
          type="button"
          className="rounded border px-2 py-0.5"
          onClick={() =>
            void onMutate(null, () => moveChecklistItem({ itemId: item.id, direction: 'down', version: item.version }))
          }
        >
          Move down
        </button>
        <button
          type="button"
          className="ml-auto rounded bg-rose-600 px-2 py-0.5 text-white"
          onClick={() => void onMutate(null, () => removeChecklistItem({ itemId: item.id, version: item.version }))}
        >
          Remove
        </button>
      </div>
    </div>
  );
}

function AddItem({
  groupId,
  onError,
  onAdded,
}: {
  groupId: string;
  onError: (m: string) => void;
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

function indexItems(checklists: ChecklistView[]): Record<string, ItemState> {
  const out: Record<string, ItemState> = {};
  for (const c of checklists) for (const g of c.groups) for (const i of g.items) out[i.id] = i;
  return out;
}

function mergeNewer(cur: Record<string, ItemState>, fresh: Record<string, ItemState>): Record<string, ItemState> {
  const out: Record<string, ItemState> = {};
  for (const [id, f] of Object.entries(fresh)) out[id] = cur[id] && cur[id].version > f.version ? cur[id] : f;
  return out;
}
