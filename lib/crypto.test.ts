import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretError } from './crypto';
import { defined } from '@/tests/support/defined';

const key = randomBytes(32);
const aad = { table: 'Host', rowId: 'host_1', field: 'encryptedPrivateKey' };

function expectSecretError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretError);
    expect((error as SecretError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('encryptSecret / decryptSecret', () => {
  it('round-trips unicode and multi-line secrets', () => {
    const secret = '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END-----\n🔑';
    const blob = encryptSecret(key, secret, aad);
    expect(blob).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(blob).not.toContain('abc');
    expect(decryptSecret(key, blob, aad)).toBe(secret);
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret(key, 'same', aad)).not.toBe(encryptSecret(key, 'same', aad));
  });

  it('refuses a ciphertext moved to another row', () => {
    const blob = encryptSecret(key, 'secret', aad);
    expectSecretError(() => decryptSecret(key, blob, { ...aad, rowId: 'host_2' }), 'secret:decrypt-failed');
  });

  it('refuses a ciphertext moved to another field or table', () => {
    const blob = encryptSecret(key, 'secret', aad);
    expectSecretError(
      () => decryptSecret(key, blob, { ...aad, field: 'encryptedPassphrase' }),
      'secret:decrypt-failed',
    );
    expectSecretError(() => decryptSecret(key, blob, { ...aad, table: 'Webhook' }), 'secret:decrypt-failed');
  });

  it('refuses the wrong key', () => {
    const blob = encryptSecret(key, 'secret', aad);
    expectSecretError(() => decryptSecret(randomBytes(32), blob, aad), 'secret:decrypt-failed');
  });

  it('refuses a tampered ciphertext', () => {
    const blob = encryptSecret(key, 'secret-value', aad);
    const [version, iv, tag, ct] = blob.split('.');
    const bytes = Buffer.from(defined(ct, 'ciphertext part'), 'base64url');
    bytes.writeUInt8(bytes.readUInt8(0) ^ 1, 0);
    expectSecretError(
      () => decryptSecret(key, [version, iv, tag, bytes.toString('base64url')].join('.'), aad),
      'secret:decrypt-failed',
    );
  });

  it('rejects malformed blobs and bad keys with typed errors', () => {
    expectSecretError(() => decryptSecret(key, 'plaintext', aad), 'secret:bad-format');
    expectSecretError(() => decryptSecret(key, 'v2.a.b.c', aad), 'secret:bad-format');
    expectSecretError(() => encryptSecret(randomBytes(16), 'x', aad), 'secret:bad-key');
  });

  it('rejects ambiguous AAD components', () => {
    expectSecretError(() => encryptSecret(key, 'x', { table: 'Host:1', rowId: '2', field: 'f' }), 'secret:bad-format');
  });
});
