import type { Tx } from '@/lib/db';
import { actorColumns, type Actor } from './actor';
import { GENESIS_HASH, auditHash, canonicalJson } from './hash';

export type AuditInput = {
  /** Never null: a user or a named actor (system:…, cli:…). */
  actor: Actor;
  action: string;
  targetType: string;
  targetId?: string | null;
  payload?: unknown;
  at?: Date;
};

/**
 * Appends one entry to the hash chain inside the caller's transaction. The
 * transaction holds SQLite's write lock (BEGIN IMMEDIATE, see lib/db.ts), so
 * reading the last hash and inserting the next link cannot interleave.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const seq = (last?.seq ?? 0) + 1;
  const fields = {
    seq,
    at: (input.at ?? new Date()).toISOString(),
    ...actorColumns(input.actor),
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    payload: canonicalJson(input.payload ?? {}),
  };
  const hash = auditHash(prevHash, fields);
  await tx.auditEntry.create({ data: { ...fields, at: new Date(fields.at), prevHash, hash } });
  return { seq, hash };
}
