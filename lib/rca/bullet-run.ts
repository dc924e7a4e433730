import type { List, ListItem, Nodes, Text } from 'mdast';
import type { Point } from 'unist';
import type { ScannedLine } from './block-scanner';

/**
 * A long run of one-line bullets that start with a date — warroom's own
 * export writes its timeline as thousands of them (`- 2026-01-12 05:54:07
 * UTC: …`) — built straight into the mdast remark would give, instead of
 * being tokenized by micromark: at 10,000 events that parse was most of a
 * re-import's time (micromark's events, then mdast-util-from-markdown's
 * compile, then the garbage of both).
 *
 * Why the tree is the same. The block structure of such a run is fixed by
 * its shape: each line is `- ` then a digit (no ordered-list marker, so no
 * nested block can open), a list item start interrupts the line before it,
 * so every line is one item holding one paragraph, and no blank line inside
 * keeps the list tight. The run must end at a blank line followed by the end
 * of the text or by a line at column 0 that cannot continue a list (a
 * scanner candidate): that closes the list. Its start is verified by remark
 * like any cut (split-parse.ts). Inline content is built directly only when
 * it is plain text plus backslash escapes — no character that can start
 * emphasis, code, HTML, a character reference, strikethrough or a GFM
 * autolink literal; any other item is parsed by remark on its own line and
 * moved into place, which is exact because an item's inline parse sees only
 * its own paragraph. The one document-wide input of inline parsing, defined
 * link labels, only matters to `[` and `]`: a run holding an unescaped one
 * is left to the ordinary parse. `split-parse.test.ts` compares the result
 * with one whole-document parse.
 */

/** Shorter runs are not worth a forced cut: the ordinary pieces parse them fast enough. */
export const MIN_BULLET_RUN = 8;

/**
 * The run of bullet lines starting at `lines[first]`: its last line and the
 * line the next piece starts at (null: the text ends after blank lines).
 * `usable` is false when the run is there but its end does not close the
 * list; the caller skips it whole either way.
 */
export interface BulletRun {
  first: number;
  last: number;
  next: number | null;
  usable: boolean;
}

export function findBulletRun(source: string, lines: readonly ScannedLine[], first: number): BulletRun | null {
  const start = lines[first];
  if (!start || !isBulletLine(source, start)) return null;
  let last = first;
  let usable = true;
  while (lines[last + 1] && isBulletLine(source, lines[last + 1]!)) last++;
  for (let i = first; i <= last && usable; i++) if (hasUnescapedBracket(source, lines[i]!)) usable = false;
  if (last - first + 1 < MIN_BULLET_RUN) usable = false;

  let next: number | null = null;
  const after = lines[last + 1];
  if (after) {
    let k = last + 1;
    while (lines[k]?.kind === 'blank') k++;
    // Right under the run only an ATX heading is a candidate; after a blank line, whatever cannot continue a list.
    if (k < lines.length) {
      if (lines[k]!.candidate) next = k;
      else usable = false;
    }
  }
  return { first, last, next, usable };
}

/**
 * The run's list node, in document coordinates, or null when an item did
 * not come out as one single-item list under remark (then the caller parses
 * the run the ordinary way).
 */
export function buildBulletList(
  source: string,
  lines: readonly ScannedLine[],
  run: BulletRun,
  parse: (text: string) => { children: unknown[] },
): List | null {
  const items: ListItem[] = [];
  let end: Point | undefined;
  for (let i = run.first; i <= run.last; i++) {
    const line = lines[i]!;
    const content = source.slice(line.start + 2, line.end);
    const value = plainValue(content);
    if (value !== null) {
      const item = simpleItem(line, content.length, value);
      items.push(item);
      end = { ...item.position!.end };
      continue;
    }
    const parsed = remarkItem(source.slice(line.start, line.end), parse);
    if (!parsed) return null;
    shift(parsed.list, line.line - 1, line.start);
    items.push(parsed.item);
    end = { ...parsed.list.position!.end };
  }
  const first = lines[run.first]!;
  return {
    type: 'list',
    ordered: false,
    start: null,
    spread: false,
    children: items,
    position: { start: { line: first.line, column: 1, offset: first.start }, end: end! },
  };
}

function isBulletLine(source: string, line: ScannedLine): boolean {
  if (line.kind !== 'text' || line.end - line.start < 3) return false;
  if (source.charCodeAt(line.start) !== 0x2d || source.charCodeAt(line.start + 1) !== 0x20) return false;
  if (!isDigit(source.charCodeAt(line.start + 2))) return false;
  // "- 1. x" opens an ordered list inside the item.
  let i = line.start + 2;
  while (i < line.end && i - line.start - 2 < 9 && isDigit(source.charCodeAt(i))) i++;
  const delimiter = source.charCodeAt(i);
  if (delimiter === 0x2e || delimiter === 0x29) {
    const after = source.charCodeAt(i + 1);
    if (i + 1 >= line.end || after === 0x20 || after === 0x09) return false;
  }
  return true;
}

function hasUnescapedBracket(source: string, line: ScannedLine): boolean {
  for (let i = line.start; i < line.end; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x5c)
      i++; // a backslash escapes the next character (or is literal; either way not a bracket)
    else if (c === 0x5b || c === 0x5d) return true;
  }
  return false;
}

/**
 * The paragraph's text when the content is plain text and escapes only, or
 * null. Conservative on purpose: null costs one small remark parse, never
 * a wrong tree.
 */
export function plainValue(content: string): string | null {
  if (content.length === 0 || content.charCodeAt(content.length - 1) === 0x20) return null;
  let out = '';
  let from = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return null; // tabs (columns), control characters
    switch (c) {
      case 0x5c: // \
        if (!isAsciiPunctuation(content.charCodeAt(i + 1))) return null;
        out += content.slice(from, i);
        from = i + 1;
        i++;
        break;
      case 0x60: // `
      case 0x2a: // *
      case 0x3c: // <
      case 0x7e: // ~
      case 0x5b: // [
      case 0x5d: // ]
      case 0x40: // @ (email autolink literals)
        return null;
      case 0x5f: // _ is emphasis unless both neighbours are letters or digits
        if (!isAsciiAlphanumeric(content.charCodeAt(i - 1)) || !isAsciiAlphanumeric(content.charCodeAt(i + 1)))
          return null;
        break;
      case 0x26: // & may start a character reference
        if (/^#?[A-Za-z0-9]+;/.test(content.slice(i + 1, i + 40))) return null;
        break;
      case 0x3a: // : of "http://"
        if (content.startsWith('//', i + 1)) return null;
        break;
      case 0x2e: // . of "www."
        if (i >= 3 && content.slice(i - 3, i).toLowerCase() === 'www') return null;
        break;
    }
  }
  return out + content.slice(from);
}

function simpleItem(line: ScannedLine, contentLength: number, value: string): ListItem {
  const at = (column: number): Point => ({ line: line.line, column, offset: line.start + column - 1 });
  const span = () => ({ start: at(3), end: at(3 + contentLength) });
  const text: Text = { type: 'text', value, position: span() };
  return {
    type: 'listItem',
    spread: false,
    checked: null,
    children: [{ type: 'paragraph', children: [text], position: span() }],
    position: { start: at(1), end: at(3 + contentLength) },
  };
}

function remarkItem(
  lineText: string,
  parse: (text: string) => { children: unknown[] },
): { list: List; item: ListItem } | null {
  const children = parse(lineText).children as Nodes[];
  const list = children[0];
  if (children.length !== 1 || list?.type !== 'list' || list.ordered || list.spread) return null;
  const item = list.children[0];
  if (list.children.length !== 1 || !item || item.spread) return null;
  return { list, item };
}

/** Moves every point under `node` by whole lines and characters (the line starts at column 1 either way). */
function shift(node: Nodes, lineDelta: number, offsetDelta: number): void {
  const pending: Nodes[] = [node];
  while (pending.length > 0) {
    const n = pending.pop()!;
    if (n.position) {
      for (const p of [n.position.start, n.position.end]) {
        p.line += lineDelta;
        if (p.offset !== undefined) p.offset += offsetDelta;
      }
    }
    if ('children' in n) for (const child of n.children) pending.push(child as Nodes);
  }
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAsciiAlphanumeric(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isAsciiPunctuation(code: number): boolean {
  return (
    (code >= 0x21 && code <= 0x2f) ||
    (code >= 0x3a && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}
