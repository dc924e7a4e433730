import { createHash } from 'node:crypto';

/**
 * `SHA256:` + unpadded base64 of sha256(raw host key blob) — byte for byte what
 * `ssh-keygen -lf` and OpenSSH's "key fingerprint is" print, so an admin can
 * compare it with the server console.
 */
export function fingerprintHostKey(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type is the first SSH string inside the blob (uint32 length + bytes). */
export function hostKeyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('ascii');
}

/** Fingerprint of a public key line (`ssh-ed25519 AAAA… comment`), e.g. a host's `.pub` file. */
export function fingerprintPublicKeyLine(line: string): string {
  const blob = line.trim().split(/\s+/)[1];
  if (!blob) throw new Error('Not an OpenSSH public key line');
  return fingerprintHostKey(Buffer.from(blob, 'base64'));
}

/** Pins are compared exactly, but tolerate surrounding whitespace from a paste. */
export function fingerprintsEqual(pin: string, actual: string): boolean {
  return pin.trim() === actual;
}
