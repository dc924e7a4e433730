import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTar } from './tar';

describe('createTar', () => {
  it('writes an archive the system tar lists and extracts byte for byte', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-tar-'));
    try {
      const big = 'x'.repeat(1500) + '\n';
      const file = path.join(dir, 'b.tar');
      fs.writeFileSync(
        file,
        createTar([
          { name: 'b/readme.txt', body: 'héllo\n' },
          { name: 'b/big.txt', body: big },
          { name: 'b/run.mjs', body: 'console.log(1)\n', mode: 0o755 },
          { name: 'b/empty.txt', body: '' },
        ]),
      );
      expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual([
        'b/readme.txt',
        'b/big.txt',
        'b/run.mjs',
        'b/empty.txt',
      ]);
      execFileSync('tar', ['-xf', file, '-C', dir]);
      expect(fs.readFileSync(path.join(dir, 'b/readme.txt'), 'utf8')).toBe('héllo\n');
      expect(fs.readFileSync(path.join(dir, 'b/big.txt'), 'utf8')).toBe(big);
      expect(fs.statSync(path.join(dir, 'b/run.mjs')).mode & 0o777).toBe(0o755);
      expect(fs.readFileSync(path.join(dir, 'b/empty.txt'), 'utf8')).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a name the ustar header cannot hold', () => {
    expect(() => createTar([{ name: 'n'.repeat(101), body: '' }])).toThrow(/longer than 100 bytes/);
  });
});
