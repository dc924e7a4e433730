'use client';

import { useMemo, useRef, useState } from 'react';
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
 * Keyboard: j/k move, x ticks, e opens the item's details.
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
  const { items, pending, notice, setNotice, itemErrors, stream, mutate, scheduleRefresh, apply } = useChecklistItems(
    slug,
    checklists,
    since,
  );
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

  const all = order.map((id) => items[id]).filter((item): item is ItemState => item !== undefined);
  return (
    <section
      id="checklists"
      aria-labelledby="checklists-title"
      data-testid="section-checklists"
      className="scroll-mt-28"
      onKeyDown={onKeyDown}
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
        <p className="mb-2 text-xs text-slate-500">Keyboard: j/k move · x tick{canEdit ? ' · e details' : ''}</p>
      ) : (
        <div className="mb-2">
          <ReadOnlyNote role={role}>Only responders, commanders and admins can tick or edit items.</ReadOnlyNote>
        </div>
      )}
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
