import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defined } from '@/tests/support/defined';
import { GENESIS_HASH, auditHash, canonicalJson, type ChainRow } from '@/lib/audit/hash';
import { auditBundleEntries, verifyCommand } from './audit-bundle';
import { createTar } from './tar';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      seq,
      at: new Date(Date.UTC(2026, 0, 12, 5, seq)).toISOString(),
      actorId: seq % 2 ? 'u1' : null,
      actorEmail: seq % 2 ? 'cora@example.test' : null,
      action: 'checklist.tick',
      targetType: 'checklist-item',
      targetId: `item-${seq}`,
      payload: canonicalJson({ done: true, version: seq, nested: { b: 1, a: [2, 'ü'] } }),
    };
    const hash = auditHash(prev, fields);
    rows.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

function unpack(rows: ChainRow[], headOf: ChainRow) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-bundle-'));
  const tar = path.join(dir, 'demo-audit-bundle.tar');
  fs.writeFileSync(
    tar,
    createTar(
      auditBundleEntries({
        slug: 'demo',
        rows,
        head: { seq: headOf.seq, hash: headOf.hash, entries: 9, verifiedAtExport: true, at: headOf.at },
        markdown: '# x\n',
        svg: '<svg/>',
        json: '{}',
      }),
    ),
  );
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  return dir;
}

// The README's command, run as written (cwd = where the tar was extracted).
function verify(dir: string) {
  const [cmd, ...args] = verifyCommand('demo').split(' ');
  return spawnSync(defined(cmd, 'verify command'), args, { cwd: dir, encoding: 'utf8' });
}

describe('audit bundle', () => {
  const all = chain(9);
  const entry = (i: number) => defined(all[i], `chain entry ${i}`);
  const head = entry(8);
  // An incident's entries are a subset of the chain (other incidents in between).
  const mine = [entry(1), entry(2), entry(3), entry(6), head];

  it('verifies offline with the one-line command, using its own copy of the hash', () => {
    const dir = unpack(mine, head);
    try {
      const r = verify(dir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`audit bundle ok: 5 entries verified; chain head seq 9 ${head.hash}`);
      expect(fs.readFileSync(path.join(dir, 'demo/README.txt'), 'utf8')).toContain(
        'tar -xf demo-audit-bundle.tar && node demo/verify-audit.mjs demo',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the entry that was altered, and a broken link', () => {
    const tampered = mine.map((r) => (r.seq === 4 ? { ...r, payload: canonicalJson({ done: false }) } : r));
    let dir = unpack(tampered, head);
    try {
      const r = verify(dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('entry seq 4 was altered (hash mismatch)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Re-hashed to hide the edit: the next entry no longer links to it.
    const forged = mine.map((r) => {
      if (r.seq !== 3) return r;
      const { prevHash, hash: _h, ...fields } = { ...r, actorEmail: 'mallory@example.test' };
      return { ...fields, prevHash, hash: auditHash(prevHash, fields) };
    });
    dir = unpack(forged, head);
    try {
      const r = verify(dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('entry seq 4 does not link to seq 3');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a head that does not match the newest entry', () => {
    const dir = unpack(mine, { ...head, hash: 'f'.repeat(64) });
    try {
      const r = verify(dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('the newest entry does not match chain-head.json');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
