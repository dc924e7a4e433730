import type { Tx } from '@/lib/db';
import { actorColumns, type Actor } from './actor';
import { txStatements } from '@/lib/mutations/tx-statements';
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
 * Several entries, chained in order (a group commit's members): the head is
 * read once, each link hashed on the previous one.
 */
export async function appendAuditLinks(tx: Tx, inputs: AuditInput[]): Promise<ChainHead[]> {
  // Prepared once and reused (lib/mutations/tx-statements): every commit runs these two.
  const sql = await txStatements(tx, 'appendAudit');
  const head = sql.get<{ seq: bigint; hash: string }>(
    'SELECT "seq", "hash" FROM "AuditEntry" ORDER BY "seq" DESC LIMIT 1',
  );
  let last: ChainHead | null = head ? { seq: Number(head.seq), hash: head.hash } : null;
  const links: ChainHead[] = [];
  for (const input of inputs) {
    const prevHash = last?.hash ?? GENESIS_HASH;
    const at = input.at ?? new Date();
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      at: at.toISOString(),
      ...actorColumns(input.actor),
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      payload: canonicalJson(input.payload ?? {}),
    };
    const hash = auditHash(prevHash, fields);
    sql.run(
      'INSERT INTO "AuditEntry" ("seq", "at", "actorId", "actorEmail", "action", "targetType", "targetId", "payload", "prevHash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        fields.seq,
        at,
        fields.actorId,
        fields.actorEmail,
        fields.action,
        fields.targetType,
        fields.targetId,
        fields.payload,
        prevHash,
        hash,
      ],
    );
    last = { seq: fields.seq, hash };
    links.push(last);
  }
  return links;
}
