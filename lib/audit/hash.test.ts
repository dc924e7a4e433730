import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, canonicalJson, verifyChain, type AuditFields, type ChainRow } from './hash';
import { defined } from '@/tests/support/defined';

function chain(entries: Omit<AuditFields, 'seq'>[]): ChainRow[] {
  let prev = GENESIS_HASH;
  return entries.map((e, i) => {
    const fields = { ...e, seq: i + 1 };
    const hash = auditHash(prev, fields);
    const row = { ...fields, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

const base = {
  at: '2026-01-12T05:00:00.000Z',
  actorId: 'u1',
  actorEmail: 'ic@example.test',
  targetType: 'incident',
  targetId: 'i1',
};
const rows = () =>
  chain([
    { ...base, action: 'incident.create', payload: '{"title":"TMS down"}' },
    { ...base, action: 'incident.status', payload: '{"to":"identified"}' },
    { ...base, action: 'checklist.tick', payload: '{"item":"Backup database"}' },
  ]);

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(rows())).toEqual({ ok: true, count: 3 });
  });
  it('names the edited row', () => {
    const r = rows();
    r[1] = { ...defined(r[1], 'second entry'), payload: '{"to":"resolved"}' };
    expect(verifyChain(r)).toMatchObject({ ok: false, badSeq: 2 });
  });
  it('names the row after a deleted one', () => {
    const r = rows();
    r.splice(1, 1);
    expect(verifyChain(r)).toMatchObject({ ok: false, badSeq: 2 });
  });
  it('detects a re-hashed row that no longer links', () => {
    const r = rows();
    const forged = { ...defined(r[1], 'second entry'), action: 'incident.delete' };
    forged.hash = auditHash(forged.prevHash, { ...forged, prevHash: undefined, hash: undefined } as never);
    r[1] = forged;
    expect(verifyChain(r)).toMatchObject({ ok: false, badSeq: 3 });
  });
});
