import type { RootContent } from 'mdast';
import { checklistKindOf } from './classify-heading';
import { flattenSection, ownText, sourceOf, visitNodes, walkSections, type Section } from './markdown-tree';
import type { PlanContext } from './plan-context';
import type { Checklist, ChecklistGroup, ChecklistItem } from './types';

/**
 * Every task-list item in the document lands in a checklist: the top-level
 * section it sits in is the checklist, the nearest sub-heading is the group.
 */
export function collectChecklists(
  preamble: RootContent[],
  titleSection: Section | null,
  topSections: Section[],
  ctx: PlanContext,
): Checklist[] {
  const checklists: Checklist[] = [];

  const looseItems = taskItemsIn([...preamble, ...(titleSection?.blocks ?? [])]);
  if (looseItems.length > 0) {
    checklists.push({ kind: 'other', title: 'Checklist', groups: [{ title: 'Checklist', items: looseItems }] });
  }

  for (const top of topSections) {
    const groups: ChecklistGroup[] = [];
    walkSections([top], (section, ancestors) => {
      const items = taskItemsIn(section.blocks);
      if (items.length === 0) return;
      const path = [...ancestors, section].slice(1).map((s) => s.title);
      groups.push({ title: path.length > 0 ? path.join(' › ') : top.title, items });
    });
    if (groups.length > 0) checklists.push({ kind: checklistKindOf(top.title), title: top.title, groups });
  }
  if (checklists.some((c) => c.kind === 'other')) {
    ctx.warn('Some checklists could not be matched to deployment/testing/success/communication; filed as "other".');
  }
  return checklists;
}

export function taskItemsIn(blocks: readonly RootContent[]): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  visitNodes(blocks, (node, ancestors) => {
    if (node.type !== 'listItem' || typeof node.checked !== 'boolean') return;
    const depth = ancestors.filter((a) => a.type === 'listItem').length;
    items.push({ text: ownText(node), done: node.checked, depth });
  });
  return items;
}

export function keepNonTaskBlocks(section: Section, ctx: PlanContext): void {
  const leftovers = flattenSection(section)
    .slice(1)
    .filter((block) => block.type !== 'heading' && !isTaskList(block));
  // Block by block: the task lists between leftovers are already checklist items.
  ctx.keepAsNote(section.title, leftovers.map((b) => sourceOf(ctx.source, [b])).join('\n\n'));
}

export function containsTasks(section: Section): boolean {
  return taskItemsIn(flattenSection(section)).length > 0;
}

export function isTaskList(block: RootContent): boolean {
  return block.type === 'list' && block.children.every((item) => typeof item.checked === 'boolean');
}
