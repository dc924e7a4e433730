import { describe, expect, it } from 'vitest';
import { highlightCode } from './highlight';

describe('highlightCode', () => {
  it('highlights the fixture languages', () => {
    expect(highlightCode('kill -9 264587 264588', 'bash').html).toContain('hljs-');
    expect(highlightCode('[Service]\nKillMode=mixed', 'ini').language).toBe('ini');
  });
  it('never passes markup through', () => {
    const { html } = highlightCode('<script>alert(1)</script>', 'bash');
    expect(html).not.toContain('<script>');
    expect(highlightCode('<img src=x onerror=alert(1)>', 'nosuchlang').html).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });
  it('a fence named constructor, __proto__ or toString is plain text, not a crash', () => {
    for (const lang of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'CONSTRUCTOR']) {
      expect(highlightCode('<b>x</b>', lang)).toEqual({ html: '&lt;b&gt;x&lt;/b&gt;', language: null });
    }
  });
});
