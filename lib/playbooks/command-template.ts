/**
 * Command templates: shell text with `{{ name }}` placeholders. Parsing
 * records where each placeholder sits in the shell's own terms, so lint can
 * refuse the positions where a single-quoted word would not stay one word:
 * inside '…' or "…" (the quotes would become literal and `$(…)` inside would
 * run), inside backticks, after a backslash, or in a here-document body.
 * Pure.
 */

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'ref'; ref: string; offset: number };

export type TemplateProblem = { offset: number; message: string };

export interface ParsedTemplate {
  parts: TemplatePart[];
  problems: TemplateProblem[];
}

const PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\}\}/;

export function parseTemplate(source: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const problems: TemplateProblem[] = [];
  let text = '';
  let quote: "'" | '"' | '`' | null = null;
  let escaped = false;
  let heredoc = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charAt(i);
    if (source.startsWith('{{', i)) {
      const [placeholder, ref] = PLACEHOLDER.exec(source.slice(i)) ?? [];
      if (placeholder === undefined || ref === undefined) {
        problems.push({ offset: i, message: 'a "{{" that is not a placeholder like {{ port }}' });
        text += ch;
        continue;
      }
      const where = escaped
        ? 'after a backslash'
        : text.endsWith('$')
          ? 'right after "$" ($\'…\' is ANSI-C quoting in bash)'
          : quote === "'"
            ? "inside '…'"
            : quote === '"'
              ? 'inside "…"'
              : quote === '`'
                ? 'inside backticks'
                : heredoc
                  ? 'in a script with a here-document'
                  : null;
      if (where) {
        problems.push({
          offset: i,
          message: `{{ ${ref} }} is ${where}: placeholders must stand outside quotes, where they render as one single-quoted word`,
        });
      }
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'ref', ref, offset: i });
      i += placeholder.length - 1;
      escaped = false;
      continue;
    }
    text += ch;
    if (escaped) {
      escaped = false;
      continue;
    }
    if (quote === "'") {
      if (ch === "'") quote = null;
      continue;
    }
    if (ch === '\\') {
      escaped = true;
      continue;
    }
    if (quote === '"' || quote === '`') {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '#' && (i === 0 || /[\s;&|(]/.test(source.charAt(i - 1)))) {
      // A comment runs to the end of the line; an apostrophe in it opens no quote.
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      text += source.slice(i + 1, stop);
      i = stop - 1;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '<' && source[i + 1] === '<' && source[i + 2] !== '<' && source[i - 1] !== '<') heredoc = true;
  }
  if (text) parts.push({ kind: 'text', text });
  if (quote) problems.push({ offset: source.length, message: `unterminated ${quote} quote` });
  if (heredoc && parts.some((p) => p.kind === 'ref') && !problems.some((p) => p.message.includes('here-document'))) {
    problems.push({ offset: 0, message: 'placeholders cannot be used in a script with a here-document' });
  }
  return { parts, problems };
}

/** Every placeholder name used, in order of first use. */
export function templateRefs(parsed: ParsedTemplate): string[] {
  return [...new Set(parsed.parts.flatMap((p) => (p.kind === 'ref' ? [p.ref] : [])))];
}

/**
 * Joins the parts, replacing each placeholder with `word(ref)`. The caller
 * decides what a word is (a quoted value, a secret's variable reference).
 */
export function fillTemplate(parsed: ParsedTemplate, word: (ref: string) => string): string {
  return parsed.parts.map((p) => (p.kind === 'text' ? p.text : word(p.ref))).join('');
}

/** The words of each simple command, placeholders kept as `{{ref}}` tokens, for the option-order rules. */
export function simpleCommands(parsed: ParsedTemplate): string[][] {
  const source = parsed.parts.map((p) => (p.kind === 'text' ? p.text : `\u0000${p.ref}\u0000`)).join('');
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let quote: string | null = null;
  const endWord = () => {
    if (word) words.push(word);
    word = '';
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source.charAt(i);
    if (quote) {
      word += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '#' && word === '') {
      const end = source.indexOf('\n', i);
      i = (end === -1 ? source.length : end) - 1;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      word += ch;
    } else if (ch === '\\') {
      word += ch + (source[i + 1] ?? '');
      i++;
    } else if (/[ \t]/.test(ch)) endWord();
    else if (/[\n;&|()]/.test(ch)) endCommand();
    else word += ch;
  }
  endCommand();
  return commands.map((ws) => ws.map((w) => w.replace(/\u0000([^\u0000]*)\u0000/g, '{{$1}}')));
}
