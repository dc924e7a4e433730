import crypto from 'node:crypto';

/** The genesis link of the chain: the prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditFields = {
  seq: number;
  at: string; // ISO 8601, UTC, millisecond precision
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  payload: string; // canonical JSON text
};

/**
 * JSON with object keys sorted at every depth, so the same entry always
 * hashes the same whatever order its fields were built in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** hash = SHA-256(prevHash ‖ canonical JSON of the entry). */
export function auditHash(prevHash: string, entry: AuditFields): string {
  return crypto.createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

export type ChainRow = AuditFields & { prevHash: string; hash: string };
export type ChainCheck = { ok: true; count: number } | { ok: false; count: number; badSeq: number; reason: string };

/**
 * Checks rows one at a time in seq order (so a large log verifies in flat
 * memory); the first row whose link or hash is wrong is named.
 */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private expectedSeq: number | undefined;
  private failure: Extract<ChainCheck, { ok: false }> | undefined;
  count = 0;

  push(row: ChainRow): boolean {
    if (this.failure) return false;
    this.count++;
    const fail = (badSeq: number, reason: string) => {
      this.failure = { ok: false, count: this.count, badSeq, reason };
      return false;
    };
    if (this.expectedSeq !== undefined && row.seq !== this.expectedSeq) {
      return fail(this.expectedSeq, `entry seq ${this.expectedSeq} is missing (next is ${row.seq})`);
    }
    if (row.prevHash !== this.prev) return fail(row.seq, `entry seq ${row.seq} does not link to the previous entry`);
    const { prevHash: _p, hash, ...fields } = row;
    if (auditHash(this.prev, fields) !== hash) return fail(row.seq, `entry seq ${row.seq} was altered (hash mismatch)`);
    this.prev = hash;
    this.expectedSeq = row.seq + 1;
    return true;
  }

  result(): ChainCheck {
    return this.failure ?? { ok: true, count: this.count };
  }
}

export function verifyChain(rows: Iterable<ChainRow>): ChainCheck {
  const v = new ChainVerifier();
  for (const row of rows) if (!v.push(row)) break;
  return v.result();
}
