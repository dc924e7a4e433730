import fc from 'fast-check';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { MIN_BULLET_RUN, plainValue } from './bullet-run';
import { parseWholeMarkdownTree } from './markdown-tree';
import { splitParse } from './split-parse';

/**
 * The bullet-run fast path (bullet-run.ts) must give exactly the tree one
 * remark parse of the whole document gives, positions included — for runs
 * made of the characters that change inline parsing, around the blocks that
 * may join or end a list, at every piece size.
 */

function expectSame(doc: string, pieceChars: number): void {
  const split = JSON.stringify(splitParse(doc, parseWholeMarkdownTree, pieceChars));
  const whole = JSON.stringify(parseWholeMarkdownTree(doc));
  if (split !== whole) expect({ pieceChars, doc, split }).toEqual({ pieceChars, doc, split: whole });
}

// Characters that start inline constructs (CommonMark and GFM), escapes, and plain text.
const FRAGMENTS = [
  'a',
  'Z',
  '7',
  ' ',
  '  ',
  '\t',
  '*',
  '*',
  '_',
  '`',
  '~',
  '~~',
  '*a*',
  '**b**',
  '_c_',
  '`c`',
  '<b>',
  '~s~',
  '<',
  '>',
  '&',
  '&amp;',
  '&#42;',
  '\\',
  '\\*',
  '\\_',
  '\\[',
  '\\]',
  '\\<',
  '\\\\',
  '\\&',
  '\\|',
  '|',
  '!',
  '@',
  'x@y.io',
  'http://h.io/p',
  'https://a.b',
  'www.x.io',
  'WWW.x',
  ':',
  '//',
  '.',
  '#',
  '(',
  ')',
  '"',
  "'",
  'é',
  '😀',
  '\u00a0',
  'snake_case',
  'a_b_c',
  '__',
  '^',
  '$',
  ' w ',
];
// Brackets are rare: a run holding one is left whole to remark, so most runs must have none.
const fragment = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.constantFrom('[', ']', '[x]', '![i](u)') },
);
// Mostly timestamps; some starts that open a block inside the item (or nearly do), which ends a run.
const start = fc.oneof(
  { weight: 8, arbitrary: fc.constant('2026-01-12 05:54:07 UTC: ') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '1. ',
      '2)',
      '3) x ',
      '12.5 s: ',
      '1234567890. ',
      '7.',
      '# h ',
      '> q ',
      '- n ',
      '```',
      '[ ] t ',
      '[x] ',
      '    code ',
      '<div> ',
      '*** ',
      '= ',
      'plain ',
    ),
  },
);
const content = fc
  .tuple(start, fc.array(fragment, { minLength: 0, maxLength: 6 }))
  .map(([head, parts]) => `${head}${parts.join('')}`);
// What may stand right before a run and right after it.
const BEFORE = [
  '',
  '## Timeline\n\n',
  'Intro paragraph\n',
  '- not a date\n',
  '- item\n\n',
  '> quote\n',
  '```\n',
  '    code\n\n',
];
const AFTER = [
  '',
  '\n',
  '\n## Heading right under\n',
  '\n\n## Next\n',
  '\ncontinued',
  '\n\nParagraph after\n',
  '\n  indented\n',
  '\n\n- more\n',
  '\n\n---\n',
  '\n```\n',
];

const documents = fc
  .tuple(
    fc.constantFrom(...BEFORE),
    fc.array(content, { minLength: MIN_BULLET_RUN - 1, maxLength: 30 }),
    fc.constantFrom(...AFTER),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([before, items, after, eol]) =>
    `# Title\n\n${before}${items.map((t) => `- ${t}`).join('\n')}${after}`.replace(/\n/g, eol),
  );

describe('bullet runs parse to the whole-document tree', () => {
  it('for random runs, surroundings and piece sizes', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(documents, fc.constantFrom(1, 40, 4096), (doc, size) => expectSame(doc, size)),
      { numRuns: 400 },
    );
  });

  it('for two runs with link definitions elsewhere in the document', () => {
    const run = Array.from(
      { length: 12 },
      (_, i) => `- 2026-01-12 05:54:${String(i).padStart(2, '0')} UTC: see \\[x\\] and [x]`,
    );
    const clean = Array.from(
      { length: 12 },
      (_, i) => `- 2026-01-12 06:00:${String(i).padStart(2, '0')} UTC: note ${i}`,
    );
    const doc = `# T\n\n## Timeline\n\n${clean.join('\n')}\n\n## More\n\n${run.join('\n')}\n\n[x]: https://example.test\n`;
    for (const size of [1, 40, 4096]) expectSame(doc, size);
  });

  it('builds a long run without tokenizing it', () => {
    const items = Array.from(
      { length: 2000 },
      (_, i) => `- 2026-01-12 05:54:07 UTC: Note ${i}: grep \\*next-server\\*`,
    );
    const doc = `# T\n\n## Timeline\n\n${items.join('\n')}\n\n## After\n\ntext\n`;
    let parsed = 0;
    const counting = (text: string): Root => {
      parsed += text.length;
      return parseWholeMarkdownTree(text);
    };
    const tree = splitParse(doc, counting);
    expect(JSON.stringify(tree)).toBe(JSON.stringify(parseWholeMarkdownTree(doc)));
    // Only the heading before the run and the text after it went through remark.
    expect(parsed).toBeLessThan(200);
  });
});

describe('plainValue', () => {
  it('unescapes plain text', () => {
    expect(plainValue('2026 grep \\*x\\* \\[pid\\] \\<done> a_b | c')).toBe('2026 grep *x* [pid] <done> a_b | c');
  });

  it.each([
    ['emphasis', 'a *b*'],
    ['intraword-looking underscore at an edge', 'a _b'],
    ['code', 'a `b`'],
    ['html', 'a <b>'],
    ['a character reference', 'a &amp; b'],
    ['strikethrough', 'a ~b~'],
    ['an email', 'ops@example.test'],
    ['a URL', 'see http://x.io'],
    ['a www link', 'see www.x.io'],
    ['a bracket', 'a [b]'],
    ['a backslash before a letter', 'a \\b'],
    ['a trailing space', 'a '],
    ['a tab', 'a\tb'],
  ])('leaves %s to remark', (_, text) => {
    expect(plainValue(text)).toBeNull();
  });
});
