import type { ItemState } from './item-state';

/**
 * How a tab's copy of the checklist items changes. Four sources race: the
 * server-rendered page (after a refresh), the tab's own optimistic change,
 * the action's answer, and other tabs' changes over the stream — in any
 * order. `version` (bumped by every write, lib/checklists/item-state.ts)
 * decides: a state never replaces a newer one. Pure; the React state lives
 * in app/(console)/incidents/[incidentSlug]/_components/use-checklist-items.ts.
 */
export type ChecklistView = {
  id: string;
  kind: string;
  title: string;
  groups: { id: string; title: string; items: ItemState[] }[];
};

export type ItemsById = Record<string, ItemState>;

export function indexItems(checklists: ChecklistView[]): ItemsById {
  const out: ItemsById = {};
  for (const c of checklists) for (const g of c.groups) for (const i of g.items) out[i.id] = i;
  return out;
}

/**
 * Fresh server data (after a structure change or a resync) is the list of
 * items; for each, the newer of the two copies wins. Items the server no
 * longer lists are gone (removed elsewhere).
 */
export function mergeServerItems(held: ItemsById, fresh: ItemsById): ItemsById {
  const out: ItemsById = {};
  for (const [id, f] of Object.entries(fresh)) out[id] = held[id] && held[id].version > f.version ? held[id] : f;
  return out;
}

/** A state from the stream or an action's answer: applied only if newer than what the tab holds. */
export function applyIfNewer(held: ItemsById, state: ItemState): ItemsById {
  const cur = held[state.id];
  return cur && cur.version >= state.version ? held : { ...held, [state.id]: state };
}

/** Shown at once, before the server answers; keeps the version so the answer (version + 1) replaces it. */
export function applyOptimistic(held: ItemsById, itemId: string, patch: Partial<ItemState>): ItemsById {
  const cur = held[itemId];
  return cur ? { ...held, [itemId]: { ...cur, ...patch, id: cur.id, version: cur.version } } : held;
}

/**
 * The server refused a change. Show its fresh state when it sent one (a
 * conflict carries it), else undo the optimistic patch — unless something
 * newer arrived over the stream meanwhile, which stays.
 */
export function rollbackItem(
  held: ItemsById,
  itemId: string,
  before: ItemState | undefined,
  current: ItemState | undefined,
): ItemsById {
  const cur = held[itemId];
  if (current?.id === itemId) return !cur || current.version >= cur.version ? { ...held, [itemId]: current } : held;
  if (!before || (cur && cur.version > before.version)) return held;
  return { ...held, [itemId]: before };
}
