import type { Code, Root } from 'mdast';
import { scanLines, type ScannedLine } from './block-scanner';
import { runSteps, type Steps } from './cooperate';
import { visitNodes } from './markdown-tree';
import type { RcaError } from './types';

/**
 * Checks on the raw upload and on the parsed tree, each failing with a typed
 * code and a message that names the problem (and the line, when there is one).
 *
 * Why a pre-parse nesting check: remark (micromark) recurses per container
 * level. 10,000 nested list markers on one line ("- - - … x", 20 KB) blow the
 * stack after ~36 s of work, far inside the size limit, so the depth must be
 * bounded before the parser sees the text.
 *
 * Why an inline-markup budget: inside one paragraph micromark's emphasis and
 * link resolution walks back over, and copies, the paragraph's events for
 * each marker, so time grows with the square of the markers in it: 4,000
 * nested `*a ` (24 KB) take ~8 s, 16,000 unmatched `a* ` (48 KB) ~6 s.
 */

/**
 * The one upload limit: the check here, the CLI's refusal before reading a
 * file, the import form's file check and the action's input schema all use it.
 */
export const MAX_UPLOAD_MIB = 1;
export const MAX_UPLOAD_BYTES = MAX_UPLOAD_MIB * 1024 * 1024;
/** The limit as the messages name it: "1 MiB". */
export const MAX_UPLOAD_LABEL = `${MAX_UPLOAD_MIB} MiB`;
/**
 * warroom's own post-mortem exports (front matter `warroom: export`) may be
 * larger: a long incident's timeline is thousands of lines. 4 MiB (about
 * 43,000 events) parses in 2–3 s on a busy 2-core machine, its timeline
 * built without tokenizing (bullet-run.ts). The README states both limits.
 */
export const MAX_EXPORT_MIB = 4;
export const MAX_EXPORT_BYTES = MAX_EXPORT_MIB * 1024 * 1024;
export const MAX_EXPORT_LABEL = `${MAX_EXPORT_MIB} MiB`;

/** Whether the text starts with the front matter of a warroom export (the marker is all that is looked at). */
export function isWarroomExport(input: Uint8Array | string): boolean {
  const head = typeof input === 'string' ? input.slice(0, 2048) : new TextDecoder().decode(input.subarray(0, 2048));
  const block = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?$/m.exec(head);
  return block?.index === 0 && /^warroom:\s*["']?export["']?\s*$/m.test(block[1] ?? '');
}
export const MAX_NESTING_DEPTH = 100;
/** Inline markers (see INLINE_MARKERS) one paragraph may hold; ~0.4 s of parsing at worst. */
export const MAX_INLINE_MARKERS = 2000;
/**
 * Sum of markers² over the paragraphs with more than INLINE_WORK_FROM markers:
 * bounds the quadratic part of the whole document's inline parsing (~0.4 s;
 * below the threshold the linear part dominates and nothing is counted).
 */
export const MAX_INLINE_WORK = 8_000_000;
const INLINE_WORK_FROM = 100;

export type UploadCheck = { ok: true; text: string } | ({ ok: false } & RcaError);

export function checkUpload(input: Uint8Array | string): UploadCheck {
  return runSteps(checkUploadSteps(input));
}

/**
 * `checkUpload`, pausing (see cooperate.ts) between its whole-text scans.
 * The input is read (measured and decoded) before the first pause.
 */
export function* checkUploadSteps(input: Uint8Array | string): Steps<UploadCheck> {
  const byteLength = typeof input === 'string' ? utf8ByteLength(input) : input.byteLength;
  const exported = byteLength > MAX_UPLOAD_BYTES && isWarroomExport(input);
  const [limit, label] = exported
    ? [MAX_EXPORT_BYTES, `${MAX_EXPORT_LABEL} for a warroom export`]
    : [MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL];
  if (byteLength > limit) {
    return fail(
      'rca:too-large',
      `The document is ${formatBytes(byteLength)} (${byteLength.toLocaleString('en-US')} bytes); the limit is ${label} (${limit.toLocaleString('en-US')} bytes).`,
    );
  }

  const decoded = typeof input === 'string' ? checkText(input) : decodeUtf8(input);
  if (!decoded.ok) return decoded;
  const text = decoded.text.replace(/^\uFEFF/, '');

  if (text.trim() === '') return fail('rca:empty', 'The document is empty.');
  yield;

  const tooDeep = findTooDeepLine(text);
  if (tooDeep) {
    return fail(
      'rca:too-deep',
      `Line ${tooDeep.line} nests lists or quotes about ${tooDeep.depth} levels deep; the limit is ${MAX_NESTING_DEPTH}.`,
      tooDeep.line,
    );
  }
  yield;

  const overload = findInlineOverload(text);
  if (overload) return fail('rca:too-deep', overload.message, overload.line);
  return { ok: true, text };
}

function fail(code: RcaError['code'], message: string, line?: number): { ok: false } & RcaError {
  return line === undefined ? { ok: false, code, message } : { ok: false, code, message, line };
}

function decodeUtf8(bytes: Uint8Array): UploadCheck {
  const nul = bytes.indexOf(0);
  if (nul !== -1) return binaryAt(lineAtByte(bytes, nul));
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return fail('rca:binary', 'The document is not valid UTF-8 text (is it a binary file?).');
  }
}

function checkText(text: string): UploadCheck {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return binaryAt(lineAtIndex(text, nul));
  return { ok: true, text };
}

function binaryAt(line: number): UploadCheck {
  return fail(
    'rca:binary',
    `The document contains a NUL byte at line ${line}; it looks like a binary file, not Markdown.`,
    line,
  );
}

function lineAtByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineAtIndex(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** "5.0 MiB", "12.3 KiB", "80 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

// ---------------------------------------------------------------------------
// Nesting depth, estimated from each line's container prefix

/**
 * Containers (list items, block quotes) can only open in a line's prefix, so
 * the deepest nesting a document can reach is bounded by its longest run of
 * container markers and indentation. This over-estimates (a YAML line deep
 * inside a code fence counts too), which is the safe direction: the limit is
 * far above anything a human writes.
 */
function findTooDeepLine(text: string): { line: number; depth: number } | null {
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    const depth = estimateContainerDepth(text, start, stop);
    if (depth > MAX_NESTING_DEPTH) return { line, depth };
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return null;
}

function estimateContainerDepth(text: string, start: number, stop: number): number {
  let markers = 0;
  let indentColumns = 0;
  let depthAtLastMarker = 0;
  let i = start;
  while (i < stop) {
    const run = whitespaceRun(text, i, stop);
    // Single spaces separate markers ("- - x"); longer runs are nesting indentation.
    if (run.columns >= 2) indentColumns += run.columns;
    i = run.end;
    const markerEnd = containerMarkerEnd(text, i, stop);
    if (markerEnd === -1) break;
    markers++;
    depthAtLastMarker = markers + Math.floor(indentColumns / 2);
    i = markerEnd;
  }
  return depthAtLastMarker;
}

function whitespaceRun(text: string, i: number, stop: number): { end: number; columns: number } {
  let columns = 0;
  while (i < stop) {
    const c = text.charCodeAt(i);
    if (c === 0x20) columns += 1;
    else if (c === 0x09) columns += 4;
    else break;
    i++;
  }
  return { end: i, columns };
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Index after a block-quote or list marker at `i`, or -1 when there is none. */
function containerMarkerEnd(text: string, i: number, stop: number): number {
  const c = text[i];
  if (c === '>') return i + 1;
  const followedBySpace = (j: number) => j >= stop || text[j] === ' ' || text[j] === '\t';
  if ((c === '-' || c === '*' || c === '+') && followedBySpace(i + 1)) return i + 1;
  let j = i;
  while (j < stop && j - i < 9 && isDigit(text.charCodeAt(j))) j++;
  if (j > i && (text[j] === '.' || text[j] === ')') && followedBySpace(j + 1)) return j + 1;
  return -1;
}

// ---------------------------------------------------------------------------
// Inline markup, counted per paragraph-like run of lines

// Characters that start an inline token (emphasis, strikethrough, link labels,
// code spans, escapes, character references, autolinks and inline HTML).
const INLINE_MARKERS = new Set([0x2a, 0x5f, 0x7e, 0x5b, 0x5d, 0x60, 0x5c, 0x26, 0x3c]);

/**
 * Counts markers per run of text lines, the way micromark groups them into
 * one inline parse: a run ends at a blank line, a fence, a heading, or a
 * list item that can interrupt a paragraph (which starts its own run).
 * Lines the scanner places inside fenced code are not inline text. Each line
 * ending counts as a marker too: it is an event in the paragraph.
 *
 * This over-counts (a code span's content, a table's cells, which are parsed
 * one by one), never the other way round for a document the scanner reads
 * right; the limits sit far above what people write.
 */
function findInlineOverload(text: string): { line: number; message: string } | null {
  let work = 0;
  let runLine = 0;
  let markers = 0;
  const endRun = (): { line: number; message: string } | null => {
    if (markers > MAX_INLINE_MARKERS) {
      return {
        line: runLine,
        message: `The paragraph at line ${runLine} has ${markers.toLocaleString('en-US')} inline markers (*, _, ~, [, ], \`, \\, &, < and line breaks); the limit is ${MAX_INLINE_MARKERS.toLocaleString('en-US')}, because parsing time grows with the square of that number.`,
      };
    }
    if (markers > INLINE_WORK_FROM) work += markers * markers;
    if (work > MAX_INLINE_WORK) {
      return {
        line: runLine,
        message: `The document has too many long paragraphs dense with inline markers (*, _, ~, [, ], \`, \\, &, <); the limit is reached at the paragraph at line ${runLine}. Split them up or remove markers.`,
      };
    }
    markers = 0;
    return null;
  };

  let headingOpen = false; // an ATX heading is one line: the next line starts a new run
  for (const line of scanLines(text)) {
    const heading = line.kind === 'text' && isAtxHeadingLine(text, line);
    const startsRun = headingOpen || heading || (line.kind === 'text' && startsListItem(text, line));
    if (line.kind === 'blank' || line.kind === 'fence' || startsRun) {
      const problem = endRun();
      if (problem) return problem;
    }
    headingOpen = heading;
    if (line.kind === 'blank' || line.kind === 'fence') continue;
    if (markers === 0) runLine = line.line;
    markers += 1 + countInlineMarkers(text, line.start, line.end);
  }
  return endRun();
}

function countInlineMarkers(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (INLINE_MARKERS.has(text.charCodeAt(i))) count++;
  return count;
}

function contentStart(text: string, line: ScannedLine): number {
  let i = line.start;
  while (i < line.end && i - line.start < 3 && text.charCodeAt(i) === 0x20) i++;
  return i;
}

function isAtxHeadingLine(text: string, line: ScannedLine): boolean {
  const i = contentStart(text, line);
  return /^#{1,6}(?:[ \t]|$)/.test(text.slice(i, Math.min(line.end, i + 8)));
}

/** A list item that can interrupt a paragraph: indented ≤3, a bullet or `1.`/`1)`, then content. */
function startsListItem(text: string, line: ScannedLine): boolean {
  const i = contentStart(text, line);
  return /^(?:[-+*]|1[.)])[ \t]+\S/.test(text.slice(i, Math.min(line.end, i + 12)));
}

// ---------------------------------------------------------------------------
// Checks on the parsed tree

/**
 * Markdown closes an unclosed fence silently at the end of the document (or
 * of its list item), swallowing everything after it into the code block. The
 * node's source then ends without a closing fence line — that is the signal.
 */
export function findUnclosedFence(tree: Root, source: string): RcaError | null {
  let problem: RcaError | null = null;
  visitNodes(tree.children, (node) => {
    if (problem || node.type !== 'code') return;
    const line = unclosedFenceLine(node, source);
    if (line !== null) {
      problem = {
        code: 'rca:unclosed-fence',
        message: `The code fence opened at line ${line} is never closed; add a closing \`\`\` line after the code.`,
        line,
      };
    }
  });
  return problem;
}

const OPENING_FENCE = /^[ \t]*(`{3,}|~{3,})/;
const CLOSING_FENCE = /^(`{3,}|~{3,})[ \t]*$/;

function unclosedFenceLine(code: Code, source: string): number | null {
  const start = code.position?.start;
  const end = code.position?.end;
  if (start?.offset === undefined || end?.offset === undefined) return null;
  const lines = source.slice(start.offset, end.offset).split('\n');
  const opener = OPENING_FENCE.exec(lines[0] ?? '')?.[1];
  if (!opener) return null; // indented code has no fence to close
  const last = lines.length > 1 ? (lines.at(-1) ?? '').replace(/^[ \t>]*/, '') : '';
  const closer = CLOSING_FENCE.exec(last)?.[1];
  const closes = closer !== undefined && closer[0] === opener[0] && closer.length >= opener.length;
  return closes ? null : start.line;
}

/** A plan needs at least one H1 or H2 to hang sections on. */
export function findMissingSections(tree: Root): RcaError | null {
  const hasSection = tree.children.some((node) => node.type === 'heading' && node.depth <= 2);
  if (hasSection) return null;
  return {
    code: 'rca:no-sections',
    message:
      'No sections found: the document has no "# Title" or "## Section" headings, so there is nothing to import.',
  };
}
