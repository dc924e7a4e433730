import { describe, expect, it } from 'vitest';
import { OutputCap } from './cap-output';

describe('OutputCap', () => {
  it('keeps everything under the cap', () => {
    const cap = new OutputCap(100);
    cap.push('hello ');
    cap.push('world');
    expect(cap.truncated).toBe(false);
    expect(cap.toString()).toBe('hello world');
  });

  it('keeps head and tail and names the cut', () => {
    const cap = new OutputCap(10);
    cap.push('HEAD1');
    for (let i = 0; i < 100; i++) cap.push('.........');
    cap.push('TAIL9');
    expect(cap.truncated).toBe(true);
    expect(cap.toString()).toBe(`HEAD1\n…[900 bytes truncated]…\nTAIL9`);
  });

  it('never splits a UTF-8 character at the cut', () => {
    const cap = new OutputCap(8);
    cap.push('ééééééééééé');
    const text = cap.toString();
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/^éé\n…\[\d+ bytes truncated\]…\néé$/);
  });

  it('stays bounded for large input', () => {
    const cap = new OutputCap(1024);
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 200; i++) cap.push(chunk);
    expect(Buffer.byteLength(cap.toString())).toBeLessThan(1100);
  });
});
