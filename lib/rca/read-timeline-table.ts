import type { Table } from 'mdast';
import { flattenSection, plainText, sectionSource, sourceOf, type Section } from './markdown-tree';
import type { PlanContext } from './plan-context';

export function readTimeline(section: Section, ctx: PlanContext): Array<Record<string, string>> {
  const blocks = flattenSection(section).slice(1);
  const tables = blocks.filter((b): b is Table => b.type === 'table');
  const rest = blocks.filter((b) => b.type !== 'table' && b.type !== 'heading');
  if (tables.length === 0) {
    ctx.warn(`Timeline section "${section.title}" has no table; kept as a note.`);
    ctx.keepAsNote(section.title, sectionSource(ctx.source, section, false));
    return [];
  }
  if (rest.length > 0) ctx.keepAsNote(section.title, sourceOf(ctx.source, rest));
  return tables.flatMap(tableRows);
}

export function tableRows(table: Table): Array<Record<string, string>> {
  const [header, ...rows] = table.children;
  if (!header) return [];
  const keys = header.children.map((cell, i) => plainText(cell) || `Column ${i + 1}`);
  return rows.map((row) => {
    const record: Record<string, string> = {};
    keys.forEach((key, i) => {
      record[key] = row.children[i] ? plainText(row.children[i]) : '';
    });
    return record;
  });
}
