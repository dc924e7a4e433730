import fs from 'node:fs';
import path from 'node:path';

/**
 * The post-mortem corpus (fixtures/postmortems/): documents written for
 * warroom in the shapes real post-mortems come in, each with the values the
 * importer should find in `<name>.expected.json` beside it.
 *
 * An expectation is one key → one value, scored on its own:
 * - `count.<path>`: length of the array at <path>; `count.checklistItems`
 *   sums every checklist's items, `count.timelineRows` is `timeline`'s length.
 * - `<path>`: the value there equals the expected one (`events[0].at`).
 * - `<path>~`: the string there contains the expected text; for an array of
 *   strings, one of them does (`warnings~`).
 */

export const CORPUS_DIR = path.join(import.meta.dirname, '../../fixtures/postmortems');

export interface CorpusDocument {
  name: string;
  markdown: string;
  description: string;
  expect: Record<string, unknown>;
}

export interface CheckResult {
  key: string;
  expected: unknown;
  actual: unknown;
  pass: boolean;
}

export function loadCorpus(dir = CORPUS_DIR): CorpusDocument[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .sort()
    .map((file) => {
      const name = file.replace(/\.md$/, '');
      const expected = JSON.parse(fs.readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as {
        description: string;
        expect: Record<string, unknown>;
      };
      return { name, markdown: fs.readFileSync(path.join(dir, file), 'utf8'), ...expected };
    });
}

export function scoreDocument(plan: unknown, expect: Record<string, unknown>): CheckResult[] {
  return Object.entries(expect).map(([key, expected]) => {
    const actual = actualValue(plan, key);
    return { key, expected, actual, pass: matches(key, expected, actual) };
  });
}

function actualValue(plan: unknown, key: string): unknown {
  if (key === 'count.checklistItems') {
    const checklists = (valueAt(plan, 'checklists') ?? []) as Array<{ groups: Array<{ items: unknown[] }> }>;
    return checklists.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.items.length, 0), 0);
  }
  if (key === 'count.timelineRows') return lengthOf(valueAt(plan, 'timeline'));
  if (key.startsWith('count.')) return lengthOf(valueAt(plan, key.slice('count.'.length)));
  return valueAt(plan, key.replace(/~$/, ''));
}

function matches(key: string, expected: unknown, actual: unknown): boolean {
  if (!key.endsWith('~')) return JSON.stringify(actual) === JSON.stringify(expected);
  const needle = String(expected);
  if (Array.isArray(actual)) return actual.some((v) => typeof v === 'string' && v.includes(needle));
  return typeof actual === 'string' && actual.includes(needle);
}

function lengthOf(value: unknown): number | undefined {
  return Array.isArray(value) ? value.length : undefined;
}

/** `events[0].at`, `lessons.wentWell`, `findings[1].evidence.length`. */
function valueAt(root: unknown, keyPath: string): unknown {
  let current: unknown = root;
  for (const part of keyPath.match(/[^.[\]]+/g) ?? []) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current) && part === 'length') return current.length;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** One line per document and a total, for the test's output and the report. */
export function formatScoreTable(rows: Array<{ name: string; passed: number; total: number }>): string {
  const width = Math.max('document'.length, ...rows.map((r) => r.name.length));
  const passed = rows.reduce((n, r) => n + r.passed, 0);
  const total = rows.reduce((n, r) => n + r.total, 0);
  const line = (name: string, p: number, t: number) =>
    `${name.padEnd(width)}  ${String(p).padStart(3)}/${String(t).padEnd(3)}  ${((100 * p) / t).toFixed(1).padStart(5)} %`;
  return [
    `${'document'.padEnd(width)}  score     percent`,
    ...rows.map((r) => line(r.name, r.passed, r.total)),
    line('total', passed, total),
  ].join('\n');
}
