import type { Paragraph, RootContent, Table } from 'mdast';
import { normalizeSeverity } from './classify-heading';
import type { FrontMatter } from './front-matter';
import { isLabelledParagraph, normalizeLabel, readLabelledFields, type LabelledField } from './labelled-fields';
import { plainText, sourceOf, type Section } from './markdown-tree';
import { isPlaceholder, withoutHtmlComments } from './placeholder';
import { fieldText, type PlanContext } from './plan-context';
import type { IncidentPlan } from './types';

/**
 * The first H1 is the incident title; its sub-sections and any later
 * top-level sections are the plan's sections. Without an H1 every section is
 * top-level and the title is a placeholder (or the front matter's title).
 */
export function splitTitle(
  sections: Section[],
  ctx: PlanContext,
  frontMatterTitle: string | null = null,
): { titleSection: Section | null; topSections: Section[] } {
  const titleIndex = sections.findIndex((s) => s.depth === 1);
  if (titleIndex === -1) {
    if (sections.length > 0 && !frontMatterTitle) {
      ctx.warn('No H1 title found; the incident is titled "Untitled incident".');
    }
    return { titleSection: null, topSections: sections };
  }
  const titleSection = sections[titleIndex] as Section;
  const others = sections.filter((_, i) => i !== titleIndex);
  const before = others.slice(0, titleIndex);
  const after = others.slice(titleIndex);
  return { titleSection, topSections: [...before, ...titleSection.children, ...after] };
}

/**
 * The blocks before the first section, with a list of labelled lines
 * ("- **Date**: 2025-02-12") read as those lines.
 */
export function headerBlocksOf(blocks: readonly RootContent[]): RootContent[] {
  return blocks.flatMap((block): RootContent[] => {
    if (block.type !== 'list') return [block];
    const paragraphs = block.children.map((item) =>
      item.children.length === 1 && item.children[0]?.type === 'paragraph' ? item.children[0] : null,
    );
    const labelled = paragraphs.every((p): p is Paragraph => p !== null && isLabelledParagraph(p));
    return labelled ? (paragraphs as Paragraph[]) : [block];
  });
}

/** Header facts the plan takes: date, impact, severity. */
export type HeaderFact = { key: 'date' | 'impact' | 'severity'; label: string; text: string };

const FACT_KEYS = new Set(['date', 'impact', 'severity']);

/** The header's labelled lines and metadata-table rows, each as written. */
export function headerFacts(blocks: readonly RootContent[], source: string): HeaderFact[] {
  const facts: HeaderFact[] = [];
  for (const field of readLabelledFields(blocks).fields) {
    if (FACT_KEYS.has(field.key)) facts.push(factOf(field.key, field.label, factText(field, source)));
  }
  for (const block of blocks) {
    if (block.type !== 'table') continue;
    for (const [label, value] of metadataRows(block) ?? []) {
      const key = normalizeLabel(label);
      if (FACT_KEYS.has(key)) facts.push(factOf(key, label, value));
    }
  }
  return facts.filter((fact) => !isPlaceholder(fact.text));
}

export function readHeader(blocks: RootContent[], plan: IncidentPlan, ctx: PlanContext): void {
  const tables = blocks.filter((b): b is Table => b.type === 'table' && metadataRows(b) !== null);
  const { fields, unlabelled, strayText } = readLabelledFields(blocks.filter((b) => !tables.includes(b as Table)));
  const leftovers: string[] = [...strayText];
  const rows = tables.flatMap((table) => metadataRows(table) ?? []);

  const entries: Array<{ key: string; label: string; text: string }> = [
    ...fields.map((field) => ({ key: field.key, label: field.label, text: factText(field, ctx.source) })),
    ...rows.map(([label, text]) => ({ key: normalizeLabel(label), label, text })),
  ];
  for (const { key, label, text } of entries) {
    if (FACT_KEYS.has(key) && isPlaceholder(text)) continue;
    if (key === 'date' && plan.date === null) plan.date = text;
    else if (key === 'impact' && plan.impact === null) plan.impact = text;
    else if (key === 'severity' && plan.severity === null) {
      if (setSeverity(plan, text, ctx)) leftovers.push(`${label}: ${text}`);
    } else leftovers.push(`${label}: ${text}`);
  }

  // Prose under the title is the summary unless the document has a summary section.
  const intro = sourceOf(ctx.source, unlabelled);
  // A banner of raw HTML (`<p align="center"><img …>`) is no summary; it is kept, inert, as a note.
  const htmlOnly = unlabelled.every((b) => b.type === 'html');
  if (intro && plan.summary === null && !htmlOnly) plan.summary = intro;
  else if (intro) ctx.keepAsNote('Introduction', intro);
  if (leftovers.length > 0) ctx.keepAsNote('Metadata', leftovers.join('\n'));
}

/** Facts from elsewhere (a summary section's labels, front matter) for what the header left empty. */
export function applyFacts(facts: readonly HeaderFact[], plan: IncidentPlan, ctx: PlanContext, override = false): void {
  for (const fact of facts) {
    if (fact.key === 'date' && (override || plan.date === null)) plan.date = fact.text;
    else if (fact.key === 'impact' && (override || plan.impact === null)) plan.impact = fact.text;
    else if (fact.key === 'severity' && (override || plan.severity === null)) setSeverity(plan, fact.text, ctx);
  }
}

/** Front matter wins over the Markdown: it is what the author (or warroom's export) declared. */
export function applyFrontMatter(frontMatter: FrontMatter, plan: IncidentPlan, ctx: PlanContext): void {
  if (frontMatter.error) ctx.warn(`The front matter could not be read (${frontMatter.error}); kept as a note.`);
  if (frontMatter.title) plan.title = frontMatter.title;
  const facts: HeaderFact[] = [];
  if (frontMatter.date) facts.push(factOf('date', 'date', frontMatter.date));
  if (frontMatter.severity) facts.push(factOf('severity', 'severity', frontMatter.severity));
  applyFacts(facts, plan, ctx, true);
  ctx.keepAsNote('Front matter', frontMatter.raw);
}

// "Sev1 — Chain split", "[P2] Checkout down", "SEV-3: …"
const TITLE_SEVERITY = /(?:^|[\s[(])(sev(?:erity)?[\s-]?[0-5]|p[0-4])(?=$|[\s\]):,—–-])/i;

/** The severity a title states, when nothing else did. */
export function applyTitleSeverity(plan: IncidentPlan): void {
  if (plan.severity !== null) return;
  const match = TITLE_SEVERITY.exec(plan.title);
  if (match?.[1]) plan.severity = normalizeSeverity(match[1]).level;
}

/** Sets the level; true when the text had a qualifier worth keeping ("CRITICAL - Production Down"). */
function setSeverity(plan: IncidentPlan, text: string, ctx: PlanContext): boolean {
  const severity = normalizeSeverity(text);
  plan.severity = severity.level;
  if (!severity.recognized) ctx.warn(`Severity "${text}" is not a known level; kept as written.`);
  // The qualifier ("Production Down") is not a level; keep it where a human will see it.
  return severity.qualifier !== null;
}

function factOf(key: string, label: string, text: string): HeaderFact {
  return { key: key as HeaderFact['key'], label, text };
}

function factText(field: LabelledField, source: string): string {
  return withoutHtmlComments(fieldText(field, source));
}

/**
 * A two-column "Field | Value" table whose rows name at least one header
 * fact: each row (the header row too) as [label, value]. Null otherwise.
 */
function metadataRows(table: Table): Array<[string, string]> | null {
  const rows = table.children.flatMap((row): Array<[string, string]> => {
    const [label, value] = row.children;
    return label && value ? [[plainText(label), plainText(value)]] : [];
  });
  const known = rows.some(([label]) => FACT_KEYS.has(normalizeLabel(label)));
  return known ? rows.filter(([label, value]) => label && value && !/^(field|key|value|name)$/i.test(label)) : null;
}
