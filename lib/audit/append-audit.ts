import type { Tx } from '@/lib/db';
import { actorColumns, type Actor } from './actor';
import { GENESIS_HASH, auditHash, canonicalJson } from './hash';

export type ChainHead = { seq: number; hash: string };

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
export async function appendAudit(tx: Tx, input: AuditInput): Promise<ChainHead> {
  const [link] = await appendAuditLinks(tx, [input]);
  if (!link) throw new Error('appendAudit: no link appended');
  return link;
}

/**
 * Several entries, chained in order, in one INSERT (a group commit's members):
 * the head is read once, each link hashed on the previous one.
 */
export async function appendAuditLinks(tx: Tx, inputs: AuditInput[]): Promise<ChainHead[]> {
  let last: ChainHead | null = await tx.auditEntry.findFirst({
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true },
  });
  const rows = inputs.map((input) => {
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
    last = { seq, hash };
    return { ...fields, at: new Date(fields.at), prevHash, hash };
  });
  if (rows.length === 1) await tx.auditEntry.create({ data: rows[0]! });
  else await tx.auditEntry.createMany({ data: rows });
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}
