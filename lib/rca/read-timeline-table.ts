import type { RootContent, Table } from 'mdast';
import { flattenSection, plainText, sectionSource, sourceOf, type Section } from './markdown-tree';
import { saysNothing } from './placeholder';
import type { PlanContext } from './plan-context';

/**
 * The rest of a timeline section once its events are read (`used`): a table
 * without a time column is an estimated timeline ("Fix 1-2 | 15 mins"), kept
 * row by row; other blocks are kept as the section's note.
 */
export function readTimeline(
  section: Section,
  ctx: PlanContext,
  used: ReadonlySet<RootContent> = new Set(),
): Array<Record<string, string>> {
  const blocks = flattenSection(section)
    .slice(1)
    .filter((b) => !used.has(b));
  const tables = blocks.filter((b): b is Table => b.type === 'table');
  const rest = blocks.filter((b) => b.type !== 'table' && b.type !== 'heading');
  if (tables.length === 0 && used.size === 0) {
    ctx.warn(`Timeline section "${section.title}" has no table or timed entries; kept as a note.`);
    ctx.keepAsNote(section.title, sectionSource(ctx.source, section, false));
    return [];
  }
  // Block by block: the event lists and tables between them are already read.
  if (!saysNothing(rest)) ctx.keepAsNote(section.title, rest.map((b) => sourceOf(ctx.source, [b])).join('\n\n'));
  return tables.flatMap(tableRows);
}

/** Rows keyed by the header cells; rows with every cell empty (a template's) are skipped. */
export function tableRows(table: Table): Array<Record<string, string>> {
  const [header, ...rows] = table.children;
  if (!header) return [];
  const keys = header.children.map((cell, i) => plainText(cell) || `Column ${i + 1}`);
  return rows.flatMap((row) => {
    const record: Record<string, string> = {};
    keys.forEach((key, i) => {
      record[key] = row.children[i] ? plainText(row.children[i]) : '';
    });
    return Object.values(record).some(Boolean) ? [record] : [];
  });
}
