'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { isPlainShortcut, useRegisterCommands, type Shortcut } from '@/components/keyboard/commands';
import { StreamStatusBadge } from '@/components/realtime/stream-status';
import { ProgressBar } from '@/components/ui/progress-bar';
import type { ItemState } from '@/lib/checklists/item-state';
import type { ChecklistView } from '@/lib/checklists/merge-items';
import { CHECKLIST_KIND_LABEL } from '@/lib/incidents/constants';
import { ReadOnlyNote } from '@/components/ui/read-only-note';
import { removeChecklistItem, restoreChecklistItem, tickChecklistItem } from '../actions';
import { AddChecklistItemForm } from './add-checklist-item-form';
import type { Person } from './checklist-item-details';
import { ChecklistItemRow } from './checklist-item-row';
import type { PlaybookLinks } from './checklist-item-playbook';
import { useChecklistItems } from './use-checklist-items';

export type { ChecklistView };
export type CommentView = { at: string; by: string | null; text: string };

/**
 * The live checklists: ticks apply optimistically, carry the item's version,
 * and roll back with a message when the server refuses; every other
 * browser's change arrives over the incident's channel (useChecklistItems).
 * Keyboard, from page load (no click first): j/k move (j starts at the first
 * item), x ticks, e opens the item's details, Esc closes them; the palette
 * offers "Tick next item". Keys typed into a field stay text.
 */
export function LiveChecklists({
  slug,
  checklists,
  canTick,
  canEdit,
  people,
  since,
  playbookLinks,
  role,
  comments,
}: {
  slug: string;
  role: string;
  comments: Record<string, CommentView[]>;
  /** The stream cursor the page rendered at (lib/realtime/cursor.ts). */
  since?: number;
  checklists: ChecklistView[];
  canTick: boolean;
  canEdit: boolean;
  people: Person[];
  playbookLinks: PlaybookLinks;
}) {
  const { items, pending, notice, setNotice, itemErrors, stream, mutate, scheduleRefresh, apply, announcement } =
    useChecklistItems(slug, checklists, since);
  const [open, setOpen] = useState<string | null>(null);
  const order = useMemo(
    () => checklists.flatMap((c) => c.groups.flatMap((g) => g.items.map((i) => i.id))),
    [checklists],
  );
  const rows = useRef<Map<string, HTMLLIElement>>(new Map());

  function toggle(itemId: string) {
    const item = items[itemId];
    if (!item || !canTick || pending[itemId]) return;
    const done = !item.done;
    void mutate(itemId, { done }, () => tickChecklistItem({ itemId, done, version: item.version }));
  }

  /** Remove, then offer Undo: the item comes back whole (lib/checklists restoreItem) for a while. */
  async function remove(item: ItemState) {
    await mutate(item.id, null, async () => {
      const r = await removeChecklistItem({ itemId: item.id, version: item.version });
      if (r.ok) setOpen(null);
      return r;
    });
    setNotice((cur) =>
      cur?.tone === 'error' ? cur : { tone: 'info', text: `Removed "${item.text}".`, undo: { itemId: item.id } },
    );
    scheduleRefresh();
  }

  async function undoRemove(itemId: string) {
    const r = await restoreChecklistItem({ itemId });
    if (r.ok) {
      apply(r.data);
      setNotice({ tone: 'info', text: `Put back "${r.data.text}".` });
      scheduleRefresh();
    } else setNotice({ tone: 'error', text: r.error.message });
  }

  function onKeyDown(e: KeyboardEvent) {
    const current = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-item-id]')?.dataset
      .itemId;
    // Esc closes the open details panel even from one of its fields, and puts focus back on its row.
    if (e.key === 'Escape' && open && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      const row = rows.current.get(open);
      setOpen(null);
      row?.focus();
      return;
    }
    if (!isPlainShortcut(e)) return;
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
  // On the window, not the section: the keys work the moment the page loads, before anything has focus.
  const keyHandler = useRef(onKeyDown);
  useEffect(() => {
    keyHandler.current = onKeyDown;
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  /** The palette's "Tick next item": the first open item in page order, focused so x can undo it. */
  const tickNext = useRef(() => {});
  useEffect(() => {
    tickNext.current = () => {
      const next = order.find((id) => items[id] && !items[id].done && !pending[id]);
      if (!next) {
        setNotice({ tone: 'info', text: 'Every item is ticked.' });
        return;
      }
      rows.current.get(next)?.focus();
      toggle(next);
    };
  });
  const commands = useMemo(
    () =>
      canTick
        ? [{ id: 'tick-next', label: 'Tick next item', hint: 'first open item', run: () => tickNext.current() }]
        : [],
    [canTick],
  );
  const shortcuts = useMemo<Shortcut[]>(
    () =>
      canTick
        ? [
            { keys: 'j / k', does: 'next / previous checklist item' },
            { keys: 'x', does: 'tick or untick the item' },
            ...(canEdit ? [{ keys: 'e', does: "open the item's details" }] : []),
          ]
        : [],
    [canTick, canEdit],
  );
  useRegisterCommands('checklists', commands, shortcuts);

  const all = order.map((id) => items[id]).filter((item): item is ItemState => item !== undefined);
  return (
    <section
      id="checklists"
      aria-labelledby="checklists-title"
      data-testid="section-checklists"
      className="scroll-mt-28"
    >
      <div className="mb-2 flex items-center justify-between gap-3 border-b border-slate-200 pb-1 dark:border-slate-800">
        <h2
          id="checklists-title"
          className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
        >
          Checklists
        </h2>
        <StreamStatusBadge status={stream} goneText="incident gone" />
        <div className="ml-auto w-56">
          <ProgressBar done={all.filter((i) => i.done).length} total={all.length} label="All checklists" />
        </div>
      </div>
      {canTick ? (
        // Keys are no use on a touch screen: the hint is for a fine pointer only.
        <p className="mb-2 text-xs text-slate-500 pointer-coarse:hidden" data-testid="keyboard-hint">
          Keyboard: j/k move · x tick{canEdit ? ' · e details · Esc close' : ''} · ? all shortcuts
        </p>
      ) : (
        <div className="mb-2">
          <ReadOnlyNote role={role}>Only responders, commanders and admins can tick or edit items.</ReadOnlyNote>
        </div>
      )}
      <p aria-live="polite" className="sr-only" data-testid="checklist-announcer">
        {announcement}
      </p>
      <div aria-live="polite" className="min-h-5 text-sm" data-testid="checklist-notice">
        {notice && (
          <p className={notice.tone === 'error' ? 'text-rose-600 dark:text-rose-400' : 'text-slate-500'}>
            {notice.text}
            {notice.undo && (
              <button
                type="button"
                onClick={() => void undoRemove(notice.undo!.itemId)}
                className="ml-2 rounded border border-slate-300 px-1.5 text-xs font-medium text-slate-800 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-100 dark:hover:bg-slate-800"
              >
                Undo
              </button>
            )}
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
                  // A checklist whose only group repeats its title would say it twice.
                  const redundant =
                    c.groups.length === 1 && sameTitle(g.title, c.title || (CHECKLIST_KIND_LABEL[c.kind] ?? ''));
                  return (
                    <div key={g.id} data-testid="checklist-group">
                      {!redundant && (
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
                      )}
                      <ul className="space-y-0.5">
                        {gItems.map((item, index) => (
                          <ChecklistItemRow
                            key={item.id}
                            item={item}
                            first={index === 0}
                            last={index === gItems.length - 1}
                            error={itemErrors[item.id] ?? null}
                            comments={comments[item.id] ?? []}
                            onRemove={() => void remove(item)}
                            pending={Boolean(pending[item.id])}
                            canTick={canTick}
                            canEdit={canEdit}
                            slug={slug}
                            playbookLinks={playbookLinks}
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
                        <AddChecklistItemForm
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

function sameTitle(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
