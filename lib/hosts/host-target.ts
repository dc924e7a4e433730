import 'server-only';
import { db, type Tx } from '@/lib/db';
import { getSecrets } from '@/lib/env';
import { decryptSecret, encryptSecret, type SecretAad } from '@/lib/crypto';
import { notFound } from '@/lib/errors';
import type { HostTarget } from '@/lib/ssh/types';

/**
 * The only place a host's private key and passphrase are read back. Every
 * other query selects fields explicitly and leaves these two out.
 */
export const HOST_SECRET_SELECT = {
  id: true,
  name: true,
  address: true,
  port: true,
  username: true,
  hostKeyPin: true,
  privateKeyEncrypted: true,
  passphraseEncrypted: true,
} as const;

type SecretRow = {
  id: string;
  name: string;
  address: string;
  port: number;
  username: string;
  hostKeyPin: string | null;
  privateKeyEncrypted: string;
  passphraseEncrypted: string | null;
};

export type HostSecretField = 'privateKey' | 'passphrase';

/** AAD binds each ciphertext to its row and column: moved elsewhere it fails to decrypt. */
export function hostSecretAad(rowId: string, field: HostSecretField): SecretAad {
  return { table: 'Host', rowId, field };
}

export function encryptHostSecret(
  rowId: string,
  field: HostSecretField,
  plaintext: string,
  key = getSecrets().secretKey,
): string {
  return encryptSecret(key, plaintext, hostSecretAad(rowId, field));
}

/** Decrypts for the executor. Throws SecretError('secret:decrypt-failed') for a moved or tampered ciphertext. */
export function toHostTarget(row: SecretRow, key = getSecrets().secretKey): HostTarget {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    port: row.port,
    username: row.username,
    hostKeyPin: row.hostKeyPin,
    privateKey: decryptSecret(key, row.privateKeyEncrypted, hostSecretAad(row.id, 'privateKey')),
    passphrase: row.passphraseEncrypted
      ? decryptSecret(key, row.passphraseEncrypted, hostSecretAad(row.id, 'passphrase'))
      : undefined,
  };
}

/** The host with its secrets still encrypted (decrypt with toHostTarget right before use). */
/** Several hosts in one query (a run's targets); a missing one is simply absent. */
export async function findHostsWithSecrets(hostIds: string[]): Promise<SecretRow[]> {
  return db.host.findMany({ where: { id: { in: hostIds } }, select: HOST_SECRET_SELECT });
}

export async function findHostWithSecrets(hostId: string, client: Tx | typeof db = db): Promise<SecretRow> {
  const row = await client.host.findUnique({ where: { id: hostId }, select: HOST_SECRET_SELECT });
  if (!row) throw notFound('host');
  return row;
}
