import { describe, expect, it } from 'vitest';
import type { ItemState } from './item-state';
import {
  applyIfNewer,
  applyOptimistic,
  indexItems,
  mergeServerItems,
  rollbackItem,
  type ItemsById,
} from './merge-items';

const item = (id: string, version: number, over: Partial<ItemState> = {}): ItemState => ({
  id,
  groupId: 'g',
  position: 0,
  text: `item ${id}`,
  depth: 0,
  done: false,
  doneAt: null,
  comment: null,
  playbookId: null,
  runId: null,
  evidence: null,
  version,
  doneBy: null,
  assignee: null,
  ...over,
});
const held = (...items: ItemState[]): ItemsById => Object.fromEntries(items.map((i) => [i.id, i]));

describe('checklist item merge', () => {
  it('indexes every item of every group of every checklist', () => {
    const view = [
      {
        id: 'c1',
        kind: 'deployment',
        title: '',
        groups: [{ id: 'g1', title: 'A', items: [item('a', 1), item('b', 1)] }],
      },
      { id: 'c2', kind: 'testing', title: '', groups: [{ id: 'g2', title: 'B', items: [item('c', 4)] }] },
    ];
    expect(Object.keys(indexItems(view))).toEqual(['a', 'b', 'c']);
  });

  it('server data wins unless the tab already holds a newer copy, and drops removed items', () => {
    const tab = held(item('a', 3, { done: true }), item('b', 1), item('gone', 2));
    const server = held(item('a', 2), item('b', 2, { comment: 'new' }), item('added', 1));
    const merged = mergeServerItems(tab, server);
    expect(merged.a).toMatchObject({ version: 3, done: true });
    expect(merged.b).toMatchObject({ version: 2, comment: 'new' });
    expect(Object.keys(merged).sort()).toEqual(['a', 'added', 'b']);
  });

  it('a stream event or an answer applies only when newer; a late older one is ignored', () => {
    const tab = held(item('a', 5, { done: true }));
    expect(applyIfNewer(tab, item('a', 4))).toBe(tab);
    expect(applyIfNewer(tab, item('a', 5, { done: false }))).toBe(tab);
    expect(applyIfNewer(tab, item('a', 6)).a?.version).toBe(6);
    expect(applyIfNewer(tab, item('new', 1)).new?.version).toBe(1);
  });

  it('an optimistic patch keeps the version, so the real answer replaces it', () => {
    const tab = held(item('a', 2));
    const shown = applyOptimistic(tab, 'a', { done: true, version: 99 });
    expect(shown.a).toMatchObject({ done: true, version: 2 });
    expect(applyIfNewer(shown, item('a', 3, { done: true, doneAt: 'x' })).a?.doneAt).toBe('x');
    expect(applyOptimistic(tab, 'missing', { done: true })).toBe(tab);
  });

  it('a refusal shows the conflict state the server sent, even at the version the optimistic copy has', () => {
    const before = item('a', 2);
    const shown = applyOptimistic(held(before), 'a', { comment: 'stale' });
    const current = item('a', 3, { done: true });
    expect(rollbackItem(shown, 'a', before, current).a).toEqual(current);
    // The stream already delivered something newer than the conflict state: it stays.
    expect(rollbackItem(held(item('a', 4)), 'a', before, current).a?.version).toBe(4);
  });

  it('a refusal without fresh state undoes the patch, unless a newer state arrived meanwhile', () => {
    const before = item('a', 2);
    const shown = applyOptimistic(held(before), 'a', { done: true });
    expect(rollbackItem(shown, 'a', before, undefined).a).toEqual(before);
    const newer = held(item('a', 3, { comment: 'from B' }));
    expect(rollbackItem(newer, 'a', before, undefined)).toBe(newer);
    expect(rollbackItem(shown, 'a', undefined, undefined)).toBe(shown);
  });
});
