import type { Code, ListItem, Nodes } from 'mdast';
import { phaseByPosition, phaseHintOf, resolvePhase } from './classify-heading';
import { readLabelledFields } from './labelled-fields';
import { flattenSection, ownText, sectionSource, sourceOf, visitNodes, type Section } from './markdown-tree';
import type { PlanContext } from './plan-context';
import type { Fix, FixPhase, Script } from './types';

/**
 * A fix plan is either phase groups holding fixes ("### Immediate Fixes" →
 * "#### Fix 1: …") or fixes directly. Structure decides which: a child
 * section with sub-sections is a phase group.
 */
export function readFixPlan(section: Section, ctx: PlanContext): Fix[] {
  const intro = sourceOf(ctx.source, section.blocks);
  const groups = section.children.filter(isPhaseGroup);
  const directFixes = section.children.filter((c) => !groups.includes(c));

  if (section.children.length === 0) {
    // "## Action items" with just a list: each item is a fix of the phase the heading names.
    return readPhaseGroups([section], ctx);
  }
  if (intro) ctx.keepAsNote(section.title, intro);
  const fixes: Fix[] = [];
  if (groups.length > 0) fixes.push(...readPhaseGroups(groups, ctx));
  for (const fixSection of directFixes) {
    const hint = phaseHintOf(fixSection.title);
    const phase = hint ? resolvePhase(hint, []) : 'immediate';
    if (!hint) ctx.warn(`Fix "${fixSection.title}" names no phase; guessed "immediate".`);
    fixes.push(readFixSection(fixSection, phase, section.title, ctx));
  }
  return fixes;
}

// "### Fix 1: Restart now" is one fix even though it says "now".
const NUMBERED_FIX_TITLE = /^(fix|step|action|task|item|change)\s*#?\d+/i;

export function isPhaseGroup(section: Section): boolean {
  if (section.children.length > 0) return true;
  return phaseHintOf(section.title) !== null && !NUMBERED_FIX_TITLE.test(section.title);
}

export function readPhaseGroups(groups: Section[], ctx: PlanContext): Fix[] {
  const hints = groups.map((g) => phaseHintOf(g.title));
  return groups.flatMap((group, index) => {
    const hint = hints[index];
    const phase = hint ? resolvePhase(hint, hints) : phaseByPosition(index);
    if (!hint) ctx.warn(`Phase of "${group.title}" guessed from its position: ${phase}.`);
    return readPhaseGroup(group, phase, ctx);
  });
}

function readPhaseGroup(group: Section, phase: FixPhase, ctx: PlanContext): Fix[] {
  if (group.children.length > 0) {
    const intro = sourceOf(ctx.source, group.blocks);
    if (intro) ctx.keepAsNote(group.title, intro);
    return group.children.map((child) => readFixSection(child, phase, group.title, ctx));
  }
  const lists = group.blocks.filter((b) => b.type === 'list');
  if (lists.length === 0) return [readFixSection(group, phase, group.title, ctx)];

  const others = group.blocks.filter((b) => b.type !== 'list');
  const rest = sourceOf(ctx.source, others);
  if (rest) ctx.keepAsNote(group.title, rest);
  return lists.flatMap((list) => list.children.map((item) => readFixItem(item, phase, group.title, ctx)));
}

function readFixSection(section: Section, phase: FixPhase, phaseTitle: string, ctx: PlanContext): Fix {
  const { fields } = readLabelledFields(section.blocks);
  const fix: Fix = {
    phase,
    phaseTitle,
    title: section.title,
    body: sectionSource(ctx.source, section, false),
    scripts: scriptsIn(flattenSection(section)),
  };
  const priority = fields.find((f) => f.key === 'priority');
  const time = fields.find((f) => ['time', 'duration', 'eta', 'estimate', 'effort'].includes(f.key));
  if (priority) fix.priority = priority.value;
  if (time) fix.time = time.value;
  return fix;
}

function readFixItem(item: ListItem, phase: FixPhase, phaseTitle: string, ctx: PlanContext): Fix {
  const title = ownText(item).split('\n')[0] || 'Untitled fix';
  return { phase, phaseTitle, title, body: sourceOf(ctx.source, [item]), scripts: scriptsIn([item]) };
}

export function scriptsIn(nodes: readonly Nodes[]): Script[] {
  const scripts: Script[] = [];
  visitNodes(nodes, (node) => {
    if (node.type === 'code') scripts.push(toScript(node));
  });
  return scripts;
}

export function toScript(code: Code): Script {
  return { lang: code.lang ?? null, code: code.value };
}
