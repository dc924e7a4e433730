import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendOutput, emptyWindow, windowText, type OutputWindow } from './output-window';

const limits = { head: 10, tail: 10 };
const feed = (chunks: string[], start: OutputWindow = emptyWindow()) =>
  chunks.reduce((w, c) => appendOutput(w, c, w.total, limits), start);

describe('output window', () => {
  it('keeps everything while it fits, then head and tail with the cut counted', () => {
    expect(windowText(feed(['hello ', 'world']))).toBe('hello world');
    const w = feed(['0123456789', 'abcdefghij', 'KLMNOPQRST', 'uvw']);
    expect(w).toEqual({ head: '0123456789', tail: 'NOPQRSTuvw', cut: 13, total: 33 });
    expect(windowText(w)).toBe('0123456789\n…[13 characters cut]…\nNOPQRSTuvw');
  });

  it('ignores a chunk already seen, trims an overlap, counts a gap as cut', () => {
    const w = feed(['abc']);
    expect(appendOutput(w, 'abc', 0, limits)).toBe(w);
    expect(appendOutput(w, 'bcde', 1, limits)).toMatchObject({ head: 'abcde', total: 5 });
    expect(appendOutput(w, 'xyz', 100, limits)).toMatchObject({ head: 'abc', cut: 97, tail: 'xyz', total: 103 });
  });

  it('is the same window however the output was chunked (live = reload)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 15 }), { maxLength: 20 }), fc.array(fc.nat(40)), (parts, cuts) => {
        const text = parts.join('');
        const rechunked: string[] = [];
        let at = 0;
        for (const c of cuts) {
          rechunked.push(text.slice(at, at + c));
          at += c;
        }
        rechunked.push(text.slice(at));
        expect(feed(rechunked)).toEqual(feed(parts));
        expect(feed(parts).total).toBe(text.length);
      }),
    );
  });
});
