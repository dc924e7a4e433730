/**
 * Writing user text into Markdown so the importer reads back exactly that
 * text: inline markup characters are backslash-escaped (CommonMark lets any
 * ASCII punctuation be escaped, and the parser drops the backslash), line
 * starts that would open a block (a list, a heading, a quote, a setext
 * underline, an indented code block) are neutralised.
 */

// `_` inside a word is not emphasis; escaping it there would only clutter
// identifiers and URLs (and put backslashes into autolinked URLs).
const INLINE = /[\\`*[\]<>|~]|&(?=#?[A-Za-z0-9]+;)|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
const BLOCK_START = /^[-+*=#>]/;
const ORDERED_START = /^(\d{1,9})([.)])/;

export function escapeInline(text: string): string {
  return text.replace(INLINE, (c) => `\\${c}`);
}

function escapeLine(line: string): string {
  const trimmed = line.trim();
  const escaped = escapeInline(trimmed);
  if (BLOCK_START.test(escaped)) return `\\${escaped}`;
  // A digit cannot be escaped; the delimiter after it can ("1\. text").
  return escaped.replace(ORDERED_START, '$1\\$2');
}

/**
 * Text as the inline content of one block (a list item, a table cell's
 * paragraph): continuation lines are indented by `indent` so they stay in the
 * block; blank lines are dropped so the block does not split.
 */
export function inlineBlock(text: string, indent: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l, i) => (i === 0 ? escapeLine(l) : `${indent}${escapeLine(l)}`))
    .join('\n');
}

/** One line of text (headings, timeline bullets): newlines become spaces. */
export function oneLine(text: string): string {
  return escapeInline(text.replace(/\s*\r?\n\s*/g, ' ').trim());
}

export function heading(level: number, text: string): string {
  // A trailing run of # after a space would be read as a closing sequence.
  return `${'#'.repeat(level)} ${oneLine(text).replace(/(\s)(#+)$/, (_m, s: string, h: string) => `${s}\\${h}`)}`;
}

export function tableCell(text: string): string {
  return oneLine(text);
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function codeFence(code: string, lang: string | null): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang ?? ''}\n${code}\n${fence}`;
}

/** A YAML scalar: JSON strings are valid YAML double-quoted scalars. */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}
