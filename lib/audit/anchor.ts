import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { getEnv, getSecrets } from '@/lib/env';
import type { ChainCheck } from './hash';
import { verifyAuditChain } from './verify-audit';

/**
 * The audit head last seen whole, kept OUTSIDE the database
 * and the data directory (config/audit-anchor.json, beside the secrets) and
 * signed with a key derived from WARROOM_SECRET_KEY. A hash chain alone cannot see its own tail cut off:
 * delete the newest entries and what is left still links. The anchor can:
 * the entry it names must still be there with the same hash.
 *
 * `warroom restore` rewinds the chain on purpose, so it writes a checkpoint
 * anchor (reason "restore", with the head it replaced): the next check then
 * starts from the restored head instead of calling the restore tampering.
 * Someone who can write the database but does not hold the secret key
 * cannot forge one.
 */
export const ANCHOR_FILE = 'audit-anchor.json';

export type AuditHead = { seq: number; hash: string };
export type AuditAnchor = AuditHead & {
  at: string;
  reason: 'verified' | 'restore';
  /** For a restore: the head of the database it replaced, and the backup's digest. */
  replaced?: AuditHead | null;
  backupSha256?: string;
  signature: string;
};

function signingKey(secretKey: Buffer = getSecrets().secretKey): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secretKey, Buffer.alloc(0), 'warroom audit anchor v1', 32));
}

function signedText(a: Omit<AuditAnchor, 'signature'>): string {
  return JSON.stringify([a.seq, a.hash, a.at, a.reason, a.replaced ?? null, a.backupSha256 ?? null]);
}

function sign(a: Omit<AuditAnchor, 'signature'>, secretKey?: Buffer): string {
  return crypto.createHmac('sha256', signingKey(secretKey)).update(signedText(a)).digest('hex');
}

export function anchorPath(configDir = getEnv().configDir): string {
  return path.join(configDir, ANCHOR_FILE);
}

export function readAnchor(configDir?: string): AuditAnchor | null {
  try {
    return JSON.parse(fs.readFileSync(anchorPath(configDir), 'utf8')) as AuditAnchor;
  } catch {
    return null;
  }
}

export function writeAnchor(
  fields: Omit<AuditAnchor, 'signature' | 'at'> & { at?: string },
  configDir?: string,
  /** `secrets rotate` with keys from the environment signs with the new key before the environment has it. */
  secretKey?: Buffer,
): AuditAnchor {
  const unsigned = { ...fields, at: fields.at ?? new Date().toISOString() };
  const anchor: AuditAnchor = { ...unsigned, signature: sign(unsigned, secretKey) };
  const file = anchorPath(configDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(anchor, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
  return anchor;
}

export function anchorSignatureOk(anchor: AuditAnchor): boolean {
  const expected = Buffer.from(sign(anchor), 'hex');
  const given = Buffer.from(String(anchor.signature ?? ''), 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export async function auditHead(client: Pick<PrismaClient, 'auditEntry'>): Promise<AuditHead | null> {
  const last = await client.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  return last ? { seq: last.seq, hash: last.hash } : null;
}

export type AnchoredCheck = ChainCheck & { anchor: AuditAnchor | null; unsigned?: true };

function hasSigningKey(): boolean {
  try {
    getSecrets();
    return true;
  } catch {
    return false;
  }
}

/**
 * The chain links, and it still holds the anchored head. On success the
 * anchor moves up to the current head (pass `advance: false` to only look).
 */
export async function verifyAnchoredChain(
  client: Pick<PrismaClient, 'auditEntry'>,
  opts: { configDir?: string; advance?: boolean } = {},
): Promise<AnchoredCheck> {
  const chain = await verifyAuditChain(client);
  const anchor = readAnchor(opts.configDir);
  if (!chain.ok) return { ...chain, anchor };
  // Without the secret key (a CLI run without the service's environment) the signature cannot be
  // checked: the anchored entry still is, and the anchor is left as it is.
  const keyed = hasSigningKey();
  if (anchor) {
    if (keyed && !anchorSignatureOk(anchor)) {
      return {
        ok: false,
        count: chain.count,
        badSeq: anchor.seq,
        reason: `${anchorPath(opts.configDir)} does not carry a valid signature (edited by hand, or WARROOM_SECRET_KEY changed)`,
        anchor,
      };
    }
    const entry = await client.auditEntry.findUnique({ where: { seq: anchor.seq }, select: { hash: true } });
    if (!entry || entry.hash !== anchor.hash) {
      return {
        ok: false,
        count: chain.count,
        badSeq: anchor.seq,
        reason:
          `entry seq ${anchor.seq}, verified at ${anchor.at}, is ${entry ? 'changed' : 'missing'}: ` +
          'entries were removed or the database was replaced without `warroom restore`',
        anchor,
      };
    }
  }
  if (!keyed) return { ...chain, anchor, unsigned: true };
  if (opts.advance !== false) {
    const head = await auditHead(client);
    if (head && (!anchor || head.seq > anchor.seq)) {
      return { ...chain, anchor: writeAnchor({ ...head, reason: 'verified' }, opts.configDir) };
    }
  }
  return { ...chain, anchor };
}
