import fs from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdownTree, parseWholeMarkdownTree } from './markdown-tree';
import { splitParse } from './split-parse';
import { loadCorpus } from '../../tests/support/postmortem-corpus';
import { generateDocument, TEST_DOCUMENTS, TRAPS } from '../../tests/support/rca-documents';

/**
 * splitParse must give the very tree one remark parse of the whole document
 * gives, positions included: that is what keeps every line number in errors
 * and every `sourceOf` slice unchanged. Small piece sizes force a cut at
 * every candidate line, so short documents exercise every cut.
 */

const fixture = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/tms-rca.md'), 'utf8');
const PIECE_SIZES = [1, 40, 200];

function same(doc: string, pieceChars: number): boolean {
  return (
    JSON.stringify(splitParse(doc, parseWholeMarkdownTree, pieceChars)) === JSON.stringify(parseWholeMarkdownTree(doc))
  );
}

function expectSame(doc: string): void {
  for (const size of PIECE_SIZES) {
    if (!same(doc, size)) {
      // The first differing root child makes the failure readable.
      const split = splitParse(doc, parseWholeMarkdownTree, size);
      const whole = parseWholeMarkdownTree(doc);
      const at = whole.children.findIndex((c, i) => JSON.stringify(c) !== JSON.stringify(split.children[i]));
      expect({ size, doc, child: split.children[at] }).toEqual({ size, doc, child: whole.children[at] });
      expect(JSON.stringify(split)).toBe(JSON.stringify(whole));
    }
  }
}

describe('splitParse equals one whole-document parse', () => {
  it('on the fixture, at every cut and at the default piece size', { timeout: 60_000 }, () => {
    expectSame(fixture);
    expect(JSON.stringify(parseMarkdownTree(fixture))).toBe(JSON.stringify(parseWholeMarkdownTree(fixture)));
  });

  it.each(TEST_DOCUMENTS.map((doc, i) => [i, doc]))('on test document %i', (_, doc) => expectSame(doc));

  it.each(TRAPS.map((doc, i) => [i, doc]))('on trap %i', (_, doc) => expectSame(doc));

  it.each(loadCorpus().map((doc) => [doc.name, doc.markdown]))('on corpus document %s', (_, doc) => expectSame(doc));

  it.each([1, 101, 201])('on 100 generated documents from seed %i', { timeout: 30_000 }, (first) => {
    for (let seed = first; seed < first + 100; seed++) expectSame(generateDocument(seed));
  });

  it('cuts (it does not just fall back to one parse)', { timeout: 60_000 }, () => {
    let calls = 0;
    const counting = (text: string): Root => {
      calls++;
      return parseWholeMarkdownTree(text);
    };
    splitParse(fixture, counting, 1);
    expect(calls).toBeGreaterThan(50);
  });

  it('is tested on documents where cutting at every "# " line would be wrong', { timeout: 60_000 }, () => {
    // A naive splitter (every column-0 "# " line, no fence tracking, no
    // verification) must disagree on some of the corpus, or the corpus
    // proves nothing.
    const corpus = [...TRAPS, ...Array.from({ length: 100 }, (_, i) => generateDocument(i + 1))];
    const wrong = corpus.filter(
      (doc) => JSON.stringify(naiveSplitParse(doc).children) !== JSON.stringify(parseWholeMarkdownTree(doc).children),
    );
    expect(wrong.length).toBeGreaterThan(20);
  });
});

/** Cuts before every line starting with "# ", shifting positions: what splitParse must not be. */
function naiveSplitParse(doc: string): Root {
  const starts = [0];
  for (let i = doc.indexOf('\n# '); i !== -1; i = doc.indexOf('\n# ', i + 1)) starts.push(i + 1);
  const children: Root['children'] = [];
  starts.forEach((start, i) => {
    const text = doc.slice(start, starts[i + 1] ?? doc.length);
    const line = doc.slice(0, start).split('\n').length - 1;
    const tree = parseWholeMarkdownTree(text);
    const pending: Array<{ position?: Root['position']; children?: unknown[] }> = [...tree.children];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node.position) {
        for (const point of [node.position.start, node.position.end]) {
          point.line += line;
          point.offset! += start;
        }
      }
      if (node.children) pending.push(...(node.children as typeof pending));
    }
    children.push(...tree.children);
  });
  return { type: 'root', children };
}
