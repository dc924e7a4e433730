import type { ListItem, RootContent } from 'mdast';
import { flattenSection, plainText, sourceOf, type Section } from './markdown-tree';
import { appendText, type PlanContext } from './plan-context';
import { scriptsIn, toScript } from './read-fixes';
import type { RollbackStep } from './types';

/**
 * Steps are sub-sections, or list items. The fixture's steps are numbered
 * items whose code fences sit at column 0, so Markdown ends the list before
 * each fence: a code block after an item still belongs to that item's step.
 */
export function readRollback(section: Section, ctx: PlanContext): RollbackStep[] {
  if (section.children.length > 0) {
    const intro = sourceOf(ctx.source, section.blocks);
    if (intro) ctx.keepAsNote(section.title, intro);
    return section.children.map((child) => ({
      title: child.title,
      body:
        sourceOf(
          ctx.source,
          child.blocks.filter((b) => b.type !== 'code'),
        ) || null,
      scripts: scriptsIn(flattenSection(child)),
    }));
  }

  const steps: RollbackStep[] = [];
  const intro: RootContent[] = [];
  for (const block of section.blocks) {
    const current = steps[steps.length - 1];
    if (block.type === 'list') {
      for (const item of block.children) steps.push(readRollbackItem(item, ctx));
    } else if (block.type === 'code' && current) {
      current.scripts.push(toScript(block));
    } else if (current) {
      current.body = appendText(current.body, sourceOf(ctx.source, [block]));
    } else {
      intro.push(block);
    }
  }
  const introText = sourceOf(ctx.source, intro);
  if (introText) ctx.keepAsNote(section.title, introText);
  if (steps.length === 0) ctx.warn(`Rollback section "${section.title}" has no steps (no list items or sub-headings).`);
  return steps;
}

function readRollbackItem(item: ListItem, ctx: PlanContext): RollbackStep {
  const [head, ...others] = item.children;
  const headIsText = head?.type === 'paragraph';
  const [firstLine = '', ...restLines] = headIsText ? plainText(head).split('\n') : [];
  const nonCode = (headIsText ? others : item.children).filter((c) => c.type !== 'code');
  const body = [restLines.join('\n').trim(), sourceOf(ctx.source, nonCode)].filter(Boolean).join('\n');
  return {
    title: firstLine.replace(/:\s*$/, '').trim() || 'Untitled step',
    body: body || null,
    scripts: scriptsIn(item.children),
  };
}
