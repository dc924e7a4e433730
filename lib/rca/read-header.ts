import type { RootContent } from 'mdast';
import { normalizeSeverity } from './classify-heading';
import { readLabelledFields } from './labelled-fields';
import { sourceOf, type Section } from './markdown-tree';
import { fieldText, type PlanContext } from './plan-context';
import type { IncidentPlan } from './types';

/**
 * The first H1 is the incident title; its sub-sections and any later
 * top-level sections are the plan's sections. Without an H1 every section is
 * top-level and the title is a placeholder.
 */
export function splitTitle(
  sections: Section[],
  ctx: PlanContext,
): { titleSection: Section | null; topSections: Section[] } {
  const titleIndex = sections.findIndex((s) => s.depth === 1);
  if (titleIndex === -1) {
    if (sections.length > 0) ctx.warn('No H1 title found; the incident is titled "Untitled incident".');
    return { titleSection: null, topSections: sections };
  }
  const titleSection = sections[titleIndex];
  const others = sections.filter((_, i) => i !== titleIndex);
  const before = others.slice(0, titleIndex);
  const after = others.slice(titleIndex);
  return { titleSection, topSections: [...before, ...titleSection.children, ...after] };
}

export function readHeader(blocks: RootContent[], plan: IncidentPlan, ctx: PlanContext): void {
  const { fields, unlabelled, strayText } = readLabelledFields(blocks);
  const leftovers: string[] = [...strayText];

  for (const field of fields) {
    const text = fieldText(field, ctx.source);
    if (field.key === 'date' && plan.date === null) plan.date = text;
    else if (field.key === 'impact' && plan.impact === null) plan.impact = text;
    else if (field.key === 'severity' && plan.severity === null) {
      const severity = normalizeSeverity(text);
      plan.severity = severity.level;
      if (!severity.recognized) ctx.warn(`Severity "${text}" is not a known level; kept as written.`);
      // The qualifier ("Production Down") is not a level; keep it where a human will see it.
      if (severity.qualifier) leftovers.push(`${field.label}: ${text}`);
    } else leftovers.push(`${field.label}: ${text}`);
  }

  // Prose under the title is the summary unless the document has a summary section.
  const intro = sourceOf(ctx.source, unlabelled);
  if (intro && plan.summary === null) plan.summary = intro;
  else if (intro) ctx.keepAsNote('Introduction', intro);
  if (leftovers.length > 0) ctx.keepAsNote('Metadata', leftovers.join('\n'));
}
