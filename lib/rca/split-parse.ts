import type { Nodes, Root, RootContent } from 'mdast';
import type { Point } from 'unist';
import { findFrontMatter, lineEnd, nextLineStart, scanLines, type ScannedLine } from './block-scanner';
import { buildBulletList, findBulletRun, type BulletRun } from './bullet-run';
import { runSteps, type Steps } from './cooperate';

/**
 * Parses a long Markdown document as a row of independently parsed pieces
 * and stitches their trees into the tree the whole document would give,
 * positions included.
 *
 * Why: micromark copies its whole event list each time a list or block
 * quote closes, so one parse costs O(size × lists): 13 s for a 1 MiB plan,
 * on the single server process and in the browser tab. Pieces of ~4 KB keep
 * each parse small; the sum is linear.
 *
 * Why the result is exact. CommonMark's block structure is decided line by
 * line: whether line L starts a new top-level block depends only on the
 * lines up to L. Candidate cut lines come from `scanLines`, and each cut is
 * verified by remark itself: the piece before the cut is parsed *together
 * with* line L, and the cut is accepted only when that parse's last root
 * child starts exactly at L. Then every block before L was closed by L, in
 * that same parse (so lists, quotes and paragraphs end exactly as in the
 * whole document: it sees the same lines up to L), and L starts in the same
 * state as a document start: after an ATX heading (one line, ends everything)
 * or after a blank line with every block closed, no paragraph, container or
 * laziness carries over. The extra node for L is dropped; the next piece
 * parses from L. If a cut fails verification (the scanner misjudged a fence
 * or an HTML block), the rest of the document, from the last verified cut, is
 * parsed in one go: still exact, only slower.
 *
 * Inline parsing depends on one document-wide thing: which link-reference
 * and footnote labels are defined (`[x]` is a link only when some `[x]: …`
 * exists anywhere, before or after). When the document has definitions, a
 * piece that may use one defined in another piece is parsed again with every
 * defined label declared in a prefix (`[label]: x`, then a `#` line that
 * closes everything), and the prefix's nodes are dropped.
 *
 * Front matter only exists on line 1, and a piece re-parsed after the label
 * prefix no longer starts there, so a document's front matter is parsed on
 * its own and the rest is split as a document of its own: exactly what
 * `parseWholeMarkdownTree` does with it (markdown-tree.ts).
 *
 * `splitParseSteps` pauses (`yield`, see cooperate.ts) after each remark
 * parse, so an async caller can let the event loop run between pieces.
 */

export type ParseMarkdown = (source: string) => Root;

/** A piece ends at the first candidate cut line after this many characters (measured best: 4–8 KB). */
export const PIECE_CHARS = 4096;

interface Piece {
  /** Offset and 1-based line of the piece's first character in the document. */
  offset: number;
  line: number;
  /** The piece's own text. */
  text: string;
  /** Line L that follows the piece (its verified cut), or '' for the last piece. */
  sentinel: string;
  children: RootContent[];
  labels: DefinedLabels;
}

/** Identifier → label as written, for link-reference and footnote definitions. */
interface DefinedLabels {
  links: Map<string, string>;
  footnotes: Map<string, string>;
}

export function splitParse(source: string, parse: ParseMarkdown, pieceChars = PIECE_CHARS): Root {
  return runSteps(splitParseSteps(source, parse, pieceChars));
}

/** `splitParse`, pausing after each remark parse. */
export function* splitParseSteps(source: string, parse: ParseMarkdown, pieceChars = PIECE_CHARS): Steps<Root> {
  // micromark drops a leading byte order mark; a piece re-parsed after a prefix would not.
  if (source.length <= pieceChars || source.charCodeAt(0) === 0xfeff) return parse(source);
  const frontMatter = findFrontMatter(source);
  if (frontMatter) {
    const head = parse(source.slice(0, frontMatter.restOffset)).children;
    yield;
    const rest = yield* splitParseSteps(source.slice(frontMatter.restOffset), parse, pieceChars);
    return joinAfterFrontMatter(source, frontMatter, head, rest.children);
  }
  const pieces = yield* parsePieces(source, parse, pieceChars);
  if (pieces.length > 1) yield* declareLabelsEverywhere(pieces, parse);

  const children: RootContent[] = [];
  for (const piece of pieces) {
    for (const child of piece.children) children.push(child);
  }
  return { type: 'root', children, position: wholePosition(source) };
}

/**
 * The front matter's nodes, then the rest's nodes moved from the rest's
 * coordinates to the document's (the rest starts at a line start).
 */
export function joinAfterFrontMatter(
  source: string,
  frontMatter: { restOffset: number; restLine: number },
  head: RootContent[],
  rest: RootContent[],
): Root {
  moveToDocument(rest, { offset: frontMatter.restOffset, line: frontMatter.restLine }, 0, 0);
  return { type: 'root', children: [...head, ...rest], position: wholePosition(source) };
}

function wholePosition(source: string): Root['position'] {
  return { start: { line: 1, column: 1, offset: 0 }, end: endPoint(source) };
}

function* parsePieces(source: string, parse: ParseMarkdown, pieceChars: number): Steps<Piece[]> {
  const pieces: Piece[] = [];
  let start = { offset: 0, line: 1 };

  const lines = scanLines(source);
  yield;
  for (let i = 0; i < lines.length; i++) {
    const cut = lines[i]!;
    const run = findBulletRun(source, lines, i);
    if (run) {
      // Tried once per run: a run that cannot be built is parsed with the pieces around it.
      const built = run.usable ? buildRun(source, lines, run, start, parse) : null;
      if (built) {
        pieces.push(...built.pieces);
        start = built.next;
        yield;
      }
      i = run.last;
      continue;
    }
    if (!cut.candidate || cut.start - start.offset < pieceChars) continue;
    const text = source.slice(start.offset, cut.start);
    const sentinel = source.slice(cut.start, cut.end);
    const children = parse(text + sentinel).children;
    const last = children.pop();
    if (last?.position?.start.offset !== text.length) break; // not a clean cut: parse the rest whole
    pieces.push({ ...start, text, sentinel, children, labels: moveToDocument(children, start, 0, 0) });
    start = { offset: cut.start, line: cut.line };
    yield;
  }

  const text = source.slice(start.offset);
  const children = parse(text).children;
  pieces.push({ ...start, text, sentinel: '', children, labels: moveToDocument(children, start, 0, 0) });
  yield;
  return pieces;
}

/**
 * A bullet run (bullet-run.ts) as a piece of its own, after the piece before
 * it cut at its first line (verified like any cut), or null when the cut or
 * the run cannot be made. The next piece starts at the run's `next` line.
 */
function buildRun(
  source: string,
  lines: readonly ScannedLine[],
  run: BulletRun,
  start: { offset: number; line: number },
  parse: ParseMarkdown,
): { pieces: Piece[]; next: { offset: number; line: number } } | null {
  const list = buildBulletList(source, lines, run, parse);
  if (!list) return null;
  const first = lines[run.first]!;
  const pieces: Piece[] = [];
  if (first.start > start.offset) {
    const text = source.slice(start.offset, first.start);
    const sentinel = source.slice(first.start, first.end);
    const children = parse(text + sentinel).children;
    const last = children.pop();
    if (last?.position?.start.offset !== text.length) return null;
    pieces.push({ ...start, text, sentinel, children, labels: moveToDocument(children, start, 0, 0) });
  }
  // No text to re-parse: the run holds no unescaped bracket, so no label can change it.
  pieces.push({ offset: first.start, line: first.line, text: '', sentinel: '', children: [list], labels: noLabels() });
  const next = run.next === null ? null : lines[run.next]!;
  return {
    pieces,
    next: next ? { offset: next.start, line: next.line } : { offset: source.length, line: lines.at(-1)!.line },
  };
}

function noLabels(): DefinedLabels {
  return { links: new Map(), footnotes: new Map() };
}

/**
 * Re-parses the pieces that may refer to a label defined in another piece,
 * with every label declared up front. Labels only decide whether `[x]`,
 * `[text][x]` and `[^x]` are references; mdast never resolves the URL, so a
 * placeholder destination is enough.
 */
function* declareLabelsEverywhere(pieces: Piece[], parse: ParseMarkdown): Steps<void> {
  const links = new Map<string, string>();
  const footnotes = new Map<string, string>();
  for (const { labels } of pieces) {
    for (const [id, label] of labels.links) if (!links.has(id)) links.set(id, label);
    for (const [id, label] of labels.footnotes) if (!footnotes.has(id)) footnotes.set(id, label);
  }
  if (links.size === 0 && footnotes.size === 0) return;

  // A blank line ends the link definitions; footnote definitions are containers, each ended by a
  // blank line and the last by the `#` line, after which the piece starts as at a document start.
  const prefix =
    [...links.values()].map((label) => `[${label}]: x\n`).join('') +
    '\n' +
    [...footnotes.values()].map((label) => `[^${label}]: x\n\n`).join('') +
    '#\n';
  const prefixLines = countLineEndings(prefix);

  for (const piece of pieces) {
    const missing = links.size > piece.labels.links.size || footnotes.size > piece.labels.footnotes.size;
    if (!missing || !piece.text.includes(']')) continue;
    const children = parse(prefix + piece.text + piece.sentinel).children.filter(
      (child) => child.position!.start.offset! >= prefix.length,
    );
    if (piece.sentinel) children.pop();
    moveToDocument(children, piece, prefixLines, prefix.length);
    piece.children = children;
    yield;
  }
}

/**
 * Moves positions from piece coordinates to document coordinates, in place,
 * and returns the labels the piece defines. Columns stay: every piece starts
 * at the start of a line. In place is safe because mdast-util-from-markdown
 * gives every node its own point objects (the equivalence test would catch a
 * shared one: it would move twice).
 */
function moveToDocument(
  children: readonly RootContent[],
  piece: { offset: number; line: number },
  skippedLines: number,
  skippedChars: number,
): DefinedLabels {
  const lineDelta = piece.line - 1 - skippedLines;
  const offsetDelta = piece.offset - skippedChars;
  const labels: DefinedLabels = { links: new Map(), footnotes: new Map() };
  const pending: Nodes[] = [...children];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.position) {
      movePoint(node.position.start, lineDelta, offsetDelta);
      movePoint(node.position.end, lineDelta, offsetDelta);
    }
    if (node.type === 'definition' && !labels.links.has(node.identifier)) {
      labels.links.set(node.identifier, node.label ?? node.identifier);
    } else if (node.type === 'footnoteDefinition' && !labels.footnotes.has(node.identifier)) {
      labels.footnotes.set(node.identifier, node.label ?? node.identifier);
    }
    if ('children' in node) for (const child of node.children) pending.push(child as Nodes);
  }
  return labels;
}

function movePoint(point: Point, lineDelta: number, offsetDelta: number): void {
  point.line += lineDelta;
  if (point.offset !== undefined) point.offset += offsetDelta;
}

function countLineEndings(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) count++;
  }
  return count;
}

/** The point just past the last character, as micromark reports the root's end. */
function endPoint(source: string): Point {
  let line = 1;
  let lineStart = 0;
  for (
    let next = nextLineStart(source, lineEnd(source, 0));
    next !== -1;
    next = nextLineStart(source, lineEnd(source, next))
  ) {
    line++;
    lineStart = next;
  }
  return { line, column: source.length - lineStart + 1, offset: source.length };
}
