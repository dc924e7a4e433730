import { generateKeyPairSync, randomBytes } from 'node:crypto';

export interface GeneratedKeyPair {
  /** OpenSSH-format private key ("-----BEGIN OPENSSH PRIVATE KEY-----"), usable by ssh2 and ssh. */
  privateKey: string;
  /** One `authorized_keys` line: `ssh-ed25519 AAAA… <comment>`. */
  publicKey: string;
}

const KEY_TYPE = 'ssh-ed25519';

/**
 * ed25519: short keys, fast signatures, accepted by every OpenSSH since 6.5.
 *
 * Encoded here rather than with ssh2's `utils.generateKeyPairSync`: ssh2 1.17
 * strips every leading zero byte of the public key while parsing its DER, so
 * about one key in 256 (those whose public key starts with 0x00) comes out
 * malformed and unusable.
 */
export function generateEd25519KeyPair(comment = 'warroom'): GeneratedKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  if (pub.length !== 32 || seed.length !== 32) throw new Error('Unexpected ed25519 key size');
  const publicBlob = Buffer.concat([sshString(KEY_TYPE), sshString(pub)]);
  return {
    privateKey: openSshPrivateKey(publicBlob, pub, seed, comment),
    publicKey: `${KEY_TYPE} ${publicBlob.toString('base64')}${comment ? ` ${comment}` : ''}`,
  };
}

/** PROTOCOL.key from OpenSSH: unencrypted ("none") openssh-key-v1 container with one key. */
function openSshPrivateKey(publicBlob: Buffer, pub: Buffer, seed: Buffer, comment: string): string {
  const checkInt = randomBytes(4);
  const unpadded = Buffer.concat([
    checkInt,
    checkInt,
    sshString(KEY_TYPE),
    sshString(pub),
    // OpenSSH stores the 64-byte "secret key": seed followed by the public key.
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  const padLength = (8 - (unpadded.length % 8)) % 8;
  const padding = Buffer.from(Array.from({ length: padLength }, (_, i) => i + 1));
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(publicBlob),
    sshString(Buffer.concat([unpadded, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([uint32(bytes.length), bytes]);
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}
