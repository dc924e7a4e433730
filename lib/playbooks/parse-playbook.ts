import { createHash } from 'node:crypto';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { PlaybookDefinition } from './definition';
import { lintDefinition } from './lint-definition';

/**
 * YAML text → a checked PlaybookDefinition, or every problem found, each
 * naming its line and key (`steps[2].timeout`). Pure.
 */

export type PlaybookProblem = { line: number; column: number; path: string; message: string };

export type ParsedPlaybook =
  | { ok: true; definition: PlaybookDefinition; hash: string; source: string }
  | { ok: false; problems: PlaybookProblem[] };

export const MAX_PLAYBOOK_BYTES = 256 * 1024;

/** The version of a playbook is the hash of its text (line endings normalised). */
export function playbookHash(source: string): string {
  return `sha256:${createHash('sha256').update(normalizeSource(source)).digest('hex')}`;
}

function normalizeSource(source: string): string {
  return source.replace(/\r\n?/g, '\n');
}

/**
 * Parsed definitions by exact source, newest last: one run parses its
 * playbook three times (the lookup, the dry run, the runner), about 1.5 ms
 * each for twenty steps, and the same few playbooks run all night. What is
 * cached is frozen, so no caller can change what the next one gets.
 */
const CACHE_SIZE = 64;
const cache = new Map<string, ParsedPlaybook>();

export function parsePlaybook(rawSource: string): ParsedPlaybook {
  const hit = cache.get(rawSource);
  if (hit) {
    cache.delete(rawSource);
    cache.set(rawSource, hit);
    return hit;
  }
  const parsed = deepFreeze(parseUncached(rawSource));
  cache.set(rawSource, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parseUncached(rawSource: string): ParsedPlaybook {
  const source = normalizeSource(rawSource);
  if (Buffer.byteLength(source) > MAX_PLAYBOOK_BYTES) {
    return problem(1, 1, '', `the file is larger than ${MAX_PLAYBOOK_BYTES / 1024} KiB`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        const [firstLine = error.message] = error.message.split('\n');
        return { line: pos.line, column: pos.col, path: '', message: firstLine };
      }),
    };
  }
  const parsed = PlaybookDefinition.safeParse(doc.toJS());
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => locateIssue(doc, lineCounter, issue)) };
  }
  const lintProblems = lintDefinition(parsed.data).map((p) => {
    const at = locate(doc, lineCounter, p.path, p.offset);
    return { ...at, path: formatPath(p.path), message: p.message };
  });
  if (lintProblems.length > 0) return { ok: false, problems: lintProblems };
  return { ok: true, definition: parsed.data, hash: playbookHash(source), source };
}

function problem(line: number, column: number, path: string, message: string): ParsedPlaybook {
  return { ok: false, problems: [{ line, column, path, message }] };
}

function locateIssue(doc: Document, lineCounter: LineCounter, issue: z.core.$ZodIssue): PlaybookProblem {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const [key] = issue.keys;
    const node = nodeAt(doc, path);
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair && isNode(pair.key) && pair.key.range) {
        const pos = lineCounter.linePos(pair.key.range[0]);
        return {
          line: pos.line,
          column: pos.col,
          path: formatPath([...path, key]),
          message: `unknown key "${issue.keys.join('", "')}"`,
        };
      }
    }
  }
  const at = locate(doc, lineCounter, path);
  return { ...at, path: formatPath(path), message: describeIssue(issue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `is required (${issue.expected})`;
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    return issue.message;
  }
  return issue.message;
}

function nodeAt(doc: Document, path: (string | number)[]): Node | null {
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  return isNode(node) ? node : null;
}

/** Line of the deepest existing node on `path`; `offset` moves into a multi-line string. */
function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: (string | number)[],
  offset?: number,
): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(doc, path.slice(0, depth));
    if (!node?.range) continue;
    const start = lineCounter.linePos(node.range[0]);
    if (offset === undefined || depth !== path.length || !isScalar(node) || typeof node.value !== 'string')
      return { line: start.line, column: start.col };
    const before = node.value.slice(0, offset);
    const newlines = before.split('\n').length - 1;
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    if (!block) return { line: start.line, column: start.col };
    // A block scalar's text starts on the line after its `|` indicator.
    return { line: start.line + 1 + newlines, column: 1 };
  }
  return { line: 1, column: 1 };
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}

/** `file:line:col path: message`, the shape compilers and editors understand. */
export function formatProblem(file: string, p: PlaybookProblem): string {
  return `${file}:${p.line}:${p.column}${p.path ? ` ${p.path}` : ''}: ${p.message}`;
}
