import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (SSH private keys, passphrases, webhook tokens): AES-256-GCM
 * with the owning row as additional authenticated data. Binding `table:rowId:field`
 * into the tag means a ciphertext copied onto another row or column fails
 * authentication instead of decrypting into someone else's secret.
 */

export interface SecretAad {
  table: string;
  rowId: string | number;
  field: string;
}

export type SecretErrorCode = 'secret:decrypt-failed' | 'secret:bad-format' | 'secret:bad-key';

export class SecretError extends Error {
  readonly code: SecretErrorCode;

  constructor(code: SecretErrorCode, message: string) {
    super(message);
    this.name = 'SecretError';
    this.code = code;
  }
}

const FORMAT_VERSION = 'v1';
const KEY_BYTES = 32;
// 96-bit IV: the GCM-recommended size; random per encryption, never reused with a key.
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function encryptSecret(key: Buffer, plaintext: string, aad: SecretAad): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(canonicalAad(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT_VERSION, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function decryptSecret(key: Buffer, blob: string, aad: SecretAad): string {
  assertKey(key);
  const { iv, tag, ciphertext } = parseBlob(blob);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(canonicalAad(aad));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // GCM's only failure signal is a tag mismatch: wrong key, wrong row/field, or tampering.
    throw new SecretError(
      'secret:decrypt-failed',
      `Secret for ${canonicalAad(aad).toString('utf8')} failed authentication (wrong key, moved ciphertext or tampering)`,
    );
  }
}

/** Canonical AAD. Components may not contain ':' so `a:b` + `c` can never equal `a` + `b:c`. */
export function canonicalAad(aad: SecretAad): Buffer {
  const parts = [aad.table, String(aad.rowId), aad.field];
  for (const part of parts) {
    if (part.length === 0 || part.includes(':')) {
      throw new SecretError(
        'secret:bad-format',
        `AAD component ${JSON.stringify(part)} must be non-empty and contain no ':'`,
      );
    }
  }
  return Buffer.from(parts.join(':'), 'utf8');
}

function parseBlob(blob: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const [version, ivText, tagText, ciphertextText, ...extra] = blob.split('.');
  if (
    version !== FORMAT_VERSION ||
    ivText === undefined ||
    tagText === undefined ||
    ciphertextText === undefined ||
    extra.length > 0
  ) {
    throw new SecretError(
      'secret:bad-format',
      `Encrypted secret is not in ${FORMAT_VERSION}.<iv>.<tag>.<ciphertext> format`,
    );
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretError('secret:bad-format', 'Encrypted secret has a malformed IV or tag');
  }
  return { iv, tag, ciphertext: Buffer.from(ciphertextText, 'base64url') };
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new SecretError('secret:bad-key', `Secret key must be ${KEY_BYTES} bytes`);
  }
}
