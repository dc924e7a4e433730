/**
 * A line scanner that knows just enough CommonMark block structure to say
 * where a long document can be cut into independently parsed pieces, and
 * which lines are inline text (for the inline-markup budget in check-upload).
 *
 * It never decides structure: remark does. A cut it proposes is only a
 * candidate, and `splitParse` (markdown-tree.ts) accepts it only after remark
 * itself confirmed, by parsing the text before the cut plus the cut line,
 * that the line starts a new top-level block. So a wrong guess here costs
 * speed (a fallback parse), never correctness.
 *
 * What it tracks, per CommonMark 0.31:
 * - fenced code: an opening run of ≥3 backticks or tildes indented ≤3 spaces
 *   (a backtick fence's info string has no backtick), closed by a line of the
 *   same character, at least as long, indented ≤3, with only whitespace
 *   after; an unclosed fence runs to the end of the document. Fences inside
 *   list items are indented ≤3 in practice and tracked the same way.
 * - HTML blocks: types 1–5 (`<script|pre|style|textarea` … their closing
 *   tag, `<!--` … `-->`, `<?` … `?>`, `<!X` … `>`, `<![CDATA[` … `]]>`) run
 *   until their end condition; types 6 (block tag names) and 7 (a lone
 *   complete tag after a blank line) run until a blank line.
 *
 * - front matter: a `---` (YAML) or `+++` (TOML) first line up to the same
 *   fence line; remark-frontmatter makes it one node, so no cut inside it.
 *   Unclosed, it is no front matter and the lines are read as usual.
 *
 * Candidate cut lines are outside all three, at column 0, and either an ATX
 * heading (`#`…`######` then space, tab or end of line: it ends any open
 * paragraph, list or block quote) or a line after a blank line that cannot
 * continue a list (no list marker) — and never a `---` or `+++` line, which
 * would open front matter at the start of the piece parsed after it.
 */

export type LineKind = 'blank' | 'text' | 'fence' | 'html';

export interface ScannedLine {
  /** 1-based line number. */
  line: number;
  /** Offset of the first character of the line. */
  start: number;
  /** Offset just past the line's last character (before its line ending). */
  end: number;
  kind: LineKind;
  /** True when a new top-level block may start here (see above). */
  candidate: boolean;
}

type State =
  | { in: 'flow' }
  | { in: 'front-matter'; closesAt: number }
  | { in: 'fence'; marker: number; length: number }
  | { in: 'html-until'; ends: readonly string[] }
  | { in: 'html-until-blank' };

const BACKTICK = 0x60;
const TILDE = 0x7e;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const LF = 0x0a;
const CR = 0x0d;

// micromark-util-html-tag-name's htmlBlockNames (CommonMark's type 6 list).
const HTML_BLOCK_NAMES = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt ' +
    'fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link ' +
    'main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead ' +
    'title tr track ul'
  ).split(' '),
);
const HTML_RAW_NAMES = ['script', 'pre', 'style', 'textarea'];
const HTML_RAW_END_TAGS = HTML_RAW_NAMES.map((name) => `</${name}>`);

// CommonMark's type 7 start: one complete open or closing tag, then only whitespace.
const ATTRIBUTE = String.raw`\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>\x60]+|'[^']*'|"[^"]*"))?`;
const LONE_TAG = new RegExp(
  String.raw`^(?:<[A-Za-z][A-Za-z0-9-]*(?:${ATTRIBUTE})*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$`,
);

export function scanLines(source: string): ScannedLine[] {
  const lines: ScannedLine[] = [];
  let state: State = { in: 'flow' };
  let previousBlank = true; // the document start behaves like a blank line
  let paragraphMayBeOpen = false; // a type 7 HTML block cannot interrupt a paragraph
  let start = 0;
  const frontMatter = findFrontMatter(source);
  if (frontMatter !== null) state = { in: 'front-matter', closesAt: frontMatter.closingLine };
  for (let line = 1; start <= source.length; line++) {
    const end = lineEnd(source, start);
    const blank = isBlank(source, start, end);
    let kind: LineKind;
    let candidate = false;

    if (state.in === 'front-matter') {
      kind = 'fence';
      if (line === state.closesAt) state = { in: 'flow' };
    } else if (state.in === 'fence') {
      kind = 'fence';
      if (closesFence(source, start, end, state.marker, state.length)) state = { in: 'flow' };
    } else if (state.in === 'html-until') {
      kind = 'html';
      const lower = source.slice(start, end).toLowerCase();
      if (state.ends.some((marker) => lower.includes(marker))) state = { in: 'flow' };
    } else if (state.in === 'html-until-blank') {
      kind = blank ? 'blank' : 'html';
      if (blank) state = { in: 'flow' };
    } else if (blank) {
      kind = 'blank';
    } else {
      const indent = indentOf(source, start, end);
      const fence = indent <= 3 ? openingFence(source, start + indent, end) : null;
      const html: State | null =
        indent <= 3 && fence === null ? htmlBlockStart(source, start + indent, end, !paragraphMayBeOpen) : null;
      const heading = indent <= 3 && isAtxHeading(source, start + indent, end);
      // U+FEFF: micromark drops it at a document start, so a piece must not begin with one.
      // A piece is parsed as a document of its own: starting with `---` or `+++`, it could open front matter.
      candidate =
        indent === 0 &&
        source.charCodeAt(start) !== 0xfeff &&
        !isFrontMatterFence(source.slice(start, end)) &&
        (heading || (previousBlank && !startsLikeListItem(source, start, end)));
      paragraphMayBeOpen = fence === null && html === null && !heading;
      if (fence) {
        kind = 'fence';
        state = { in: 'fence', ...fence };
      } else if (html) {
        kind = 'html';
        state = html;
      } else {
        kind = 'text';
      }
    }

    lines.push({ line, start, end, kind, candidate });
    if (kind !== 'text') paragraphMayBeOpen = false;
    previousBlank = blank;
    const next = nextLineStart(source, end);
    if (next === -1) break;
    start = next;
  }
  return lines;
}

/**
 * Where the front matter opened on line 1 ends: the line number of its
 * closing fence and the offset of the line after it (the text's length at
 * the end). Null when the document has none (micromark-extension-frontmatter:
 * the fence alone on its line, trailing spaces allowed, closed by the same).
 */
export function findFrontMatter(source: string): { closingLine: number; restOffset: number; restLine: number } | null {
  const firstEnd = lineEnd(source, 0);
  if (!isFrontMatterFence(source.slice(0, firstEnd))) return null;
  const fence = source.slice(0, 3);
  let line = 2;
  for (let start = nextLineStart(source, firstEnd); start !== -1; line++) {
    const end = lineEnd(source, start);
    if (source.slice(start, end).replace(/[ \t]+$/, '') === fence) {
      const rest = nextLineStart(source, end);
      return { closingLine: line, restOffset: rest === -1 ? source.length : rest, restLine: line + 1 };
    }
    start = nextLineStart(source, end);
  }
  return null;
}

export function isFrontMatterFence(line: string): boolean {
  const fence = line.replace(/[ \t]+$/, '');
  return fence === '---' || fence === '+++';
}

/** Offset of the line ending (\n, \r or \r\n) at or after `start`, or the text's length. */
export function lineEnd(source: string, start: number): number {
  for (let i = start; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return source.length;
}

/** Start of the line after the one ending at `end`, or -1 at the end of the text. */
export function nextLineStart(source: string, end: number): number {
  if (end >= source.length) return -1;
  return source.charCodeAt(end) === CR && source.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
}

function isBlank(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

/** Leading indentation in columns; a tab anywhere in it reaches column 4. */
function indentOf(source: string, start: number, end: number): number {
  let i = start;
  while (i < end && source.charCodeAt(i) === SPACE) i++;
  if (i < end && source.charCodeAt(i) === TAB) return 4;
  return i - start;
}

function runLength(source: string, at: number, end: number, code: number): number {
  let i = at;
  while (i < end && source.charCodeAt(i) === code) i++;
  return i - at;
}

function openingFence(source: string, at: number, end: number): { marker: number; length: number } | null {
  const marker = source.charCodeAt(at);
  if (marker !== BACKTICK && marker !== TILDE) return null;
  const length = runLength(source, at, end, marker);
  if (length < 3) return null;
  if (marker === BACKTICK && source.slice(at + length, end).includes('`')) return null;
  return { marker, length };
}

function closesFence(source: string, start: number, end: number, marker: number, length: number): boolean {
  const indent = indentOf(source, start, end);
  if (indent > 3) return false;
  const run = runLength(source, start + indent, end, marker);
  return run >= length && isBlank(source, start + indent + run, end);
}

function isAtxHeading(source: string, start: number, end: number): boolean {
  const hashes = runLength(source, start, end, HASH);
  if (hashes < 1 || hashes > 6) return false;
  const after = start + hashes;
  return after === end || source.charCodeAt(after) === SPACE || source.charCodeAt(after) === TAB;
}

/** `-`, `+`, `*` or `1.`…`999999999)` followed by whitespace or the end of the line: it may continue a list. */
function startsLikeListItem(source: string, start: number, end: number): boolean {
  const c = source.charCodeAt(start);
  const spaceOrEnd = (i: number) => i >= end || source.charCodeAt(i) === SPACE || source.charCodeAt(i) === TAB;
  if (c === 0x2d || c === 0x2b || c === 0x2a) return spaceOrEnd(start + 1);
  let i = start;
  while (i < end && i - start < 9 && source.charCodeAt(i) >= 0x30 && source.charCodeAt(i) <= 0x39) i++;
  const delimiter = source.charCodeAt(i);
  return i > start && (delimiter === 0x2e || delimiter === 0x29) && spaceOrEnd(i + 1);
}

function htmlBlockStart(source: string, at: number, end: number, mayStartType7: boolean): State | null {
  if (source.charCodeAt(at) !== 0x3c) return null;
  const text = source.slice(at, end);
  const lower = text.toLowerCase();
  // The end condition may already be on the start line; then the block is one line long.
  const until = (ends: readonly string[], from: number): State | null =>
    ends.some((marker) => lower.includes(marker, from)) ? null : { in: 'html-until', ends };

  for (const name of HTML_RAW_NAMES) {
    if (lower.startsWith(`<${name}`) && /^(?:[\s>]|$)/.test(lower.slice(name.length + 1))) {
      // Any of the four closing tags ends a type 1 block, not only the matching one.
      return until(HTML_RAW_END_TAGS, 0) ?? { in: 'flow' };
    }
  }
  if (lower.startsWith('<!--')) return until(['-->'], 4) ?? { in: 'flow' };
  if (lower.startsWith('<?')) return until(['?>'], 2) ?? { in: 'flow' };
  if (lower.startsWith('<![cdata[')) return until([']]>'], 9) ?? { in: 'flow' };
  if (/^<![a-z]/.test(lower)) return until(['>'], 2) ?? { in: 'flow' };

  const name = /^<\/?([a-z][a-z0-9-]*)(?:[\s>]|\/>|$)/.exec(lower);
  if (name?.[1] && HTML_BLOCK_NAMES.has(name[1])) return { in: 'html-until-blank' };
  if (mayStartType7 && LONE_TAG.test(text)) return { in: 'html-until-blank' };
  return null;
}
