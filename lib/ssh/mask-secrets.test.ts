import { describe, expect, it } from 'vitest';
import { maskAll, SecretMasker } from './mask-secrets';

function streamThrough(secrets: string[], chunks: string[]): string {
  const masker = new SecretMasker(secrets);
  return chunks.map((chunk) => masker.push(chunk)).join('') + masker.flush();
}

describe('SecretMasker', () => {
  it('masks a secret inside one chunk', () => {
    expect(streamThrough(['hunter2'], ['pw=hunter2 ok'])).toBe('pw=*** ok');
  });

  it('masks a secret split across chunks', () => {
    expect(streamThrough(['abcdef'], ['xx ab', 'cdef yy'])).toBe('xx *** yy');
    expect(streamThrough(['abcdef'], ['a', 'b', 'c', 'd', 'e', 'f'])).toBe('***');
  });

  it('masks the longer secret when one is a prefix of another, even when split', () => {
    expect(streamThrough(['abc', 'abcdef'], ['__abc', 'def__'])).toBe('__***__');
    expect(streamThrough(['abc', 'abcdef'], ['__abc', 'XY'])).toBe('__***XY');
  });

  it('never emits a secret prefix that later completes', () => {
    const masker = new SecretMasker(['s3cr3t']);
    const first = masker.push('value: s3c');
    expect(first).not.toContain('s3c');
    expect(first + masker.push('r3t\n') + masker.flush()).toBe('value: ***\n');
  });

  it('releases held-back text that turned out not to be a secret', () => {
    expect(streamThrough(['abcdef'], ['xxabc', 'XYZ'])).toBe('xxabcXYZ');
  });

  it('treats regex metacharacters literally and ignores empty secrets', () => {
    expect(maskAll('a.b*c and axbxc', ['a.b*c', ''])).toBe('*** and axbxc');
    expect(maskAll('nothing', [])).toBe('nothing');
  });

  it('masks every occurrence across many random chunkings', () => {
    const secret = 'TOKEN-1234567890';
    const text = `start ${secret} middle ${secret}${secret} end`;
    for (let seed = 1; seed < 200; seed++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length;) {
        const size = 1 + ((seed * (i + 7)) % 9);
        chunks.push(text.slice(i, i + size));
        i += size;
      }
      expect(streamThrough([secret], chunks)).toBe('start *** middle ****** end');
    }
  });
});
