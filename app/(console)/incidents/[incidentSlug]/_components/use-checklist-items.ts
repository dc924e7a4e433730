'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useChannel, type ChannelStatus } from '@/components/realtime/use-channel';
import type { ItemState } from '@/lib/checklists/item-state';
import {
  applyIfNewer,
  applyOptimistic,
  indexItems,
  mergeServerItems,
  rollbackItem,
  type ChecklistView,
  type ItemsById,
} from '@/lib/checklists/merge-items';
import type { ActionError, ActionResult } from '@/lib/errors';
import { channelNames } from '@/lib/realtime/channel-names';

/** `undo`: the item a removal can still put back (Undo next to the notice). */
export type Notice = { tone: 'error' | 'info'; text: string; undo?: { itemId: string } } | null;
export type ItemCall = () => Promise<ActionResult<unknown>>;
export type Mutate = (itemId: string, optimistic: Partial<ItemState> | null, call: ItemCall) => Promise<void>;

const UNREACHABLE: ActionError = {
  code: 'unavailable',
  message: 'Could not reach warroom; your change was not saved.',
};

/**
 * The checklist items as this tab shows them: optimistic changes that roll
 * back with a message when refused, and every other tab's change from the
 * incident's channel. Which copy wins is lib/checklists/merge-items.ts.
 */
export function useChecklistItems(slug: string, checklists: ChecklistView[], since?: number) {
  const router = useRouter();
  const [items, setItems] = useState<ItemsById>(() => indexItems(checklists));
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [notice, setNotice] = useState<Notice>(null);
  // An item's own refusal is also shown at the item, not only in the section's notice line.
  const [itemErrors, setItemErrors] = useState<Record<string, string>>({});
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // New server data (after a refresh) is merged during render, not in an effect, so it never flashes.
  const [seen, setSeen] = useState(checklists);
  if (seen !== checklists) {
    setSeen(checklists);
    setItems((cur) => mergeServerItems(cur, indexItems(checklists)));
  }

  const apply = useCallback((state: ItemState) => setItems((cur) => applyIfNewer(cur, state)), []);

  // What a screen reader hears when someone else ticks: said politely, never moving focus.
  // This tab's own ticks are already applied when their echo arrives, so they say nothing.
  const [announcement, setAnnouncement] = useState('');
  const itemsNow = useRef(items);
  useEffect(() => {
    itemsNow.current = items;
  }, [items]);
  const announceRemote = useCallback((state: ItemState) => {
    const before = itemsNow.current[state.id];
    if (!before || before.done === state.done || before.version >= state.version) return;
    setAnnouncement(
      state.done ? `${state.doneBy?.name ?? 'Someone'} ticked "${state.text}"` : `Unticked "${state.text}"`,
    );
  }, []);

  /** Coalesces bursts (an import, a teammate's quick ticks) into one refetch of the page. */
  const scheduleRefresh = useCallback(() => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => router.refresh(), 400);
  }, [router]);

  useEffect(
    () => () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    },
    [],
  );

  const stream: ChannelStatus = useChannel(
    channelNames.incident(slug),
    (e) => {
      if (e.type === 'checklist.item') {
        announceRemote(e.data as ItemState);
        apply(e.data as ItemState);
      }
      // Progress, timeline and comms are server-rendered: refetch them after any change.
      if (e.type !== 'gone') scheduleRefresh();
    },
    { since },
  );

  const mutate: Mutate = async (itemId, optimistic, call) => {
    const before = items[itemId];
    if (optimistic) setItems((cur) => applyOptimistic(cur, itemId, optimistic));
    setPending((p) => ({ ...p, [itemId]: true }));
    const fail = (error: ActionError) => {
      setItems((cur) => rollbackItem(cur, itemId, before, error.current as ItemState | undefined));
      setNotice({ tone: 'error', text: error.message });
      setItemErrors((cur) => ({ ...cur, [itemId]: error.message }));
    };
    try {
      const r = await call();
      if (r.ok) {
        if (r.data && typeof r.data === 'object' && 'version' in r.data) apply(r.data as ItemState);
        setNotice(null);
        setItemErrors(({ [itemId]: _cleared, ...rest }) => rest);
      } else fail(r.error);
    } catch {
      fail(UNREACHABLE);
    } finally {
      setPending((p) => ({ ...p, [itemId]: false }));
    }
  };

  return { items, pending, notice, setNotice, itemErrors, stream, mutate, scheduleRefresh, apply, announcement };
}
