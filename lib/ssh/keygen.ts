import { utils } from 'ssh2';

export interface GeneratedKeyPair {
  /** OpenSSH-format private key ("-----BEGIN OPENSSH PRIVATE KEY-----"), usable by ssh2 and ssh. */
  privateKey: string;
  /** One `authorized_keys` line: `ssh-ed25519 AAAA… <comment>`. */
  publicKey: string;
}

/** ed25519: short keys, fast signatures, and accepted by every OpenSSH since 6.5. */
export function generateEd25519KeyPair(comment = 'warroom'): GeneratedKeyPair {
  const { private: privateKey, public: publicKey } = utils.generateKeyPairSync('ed25519', { comment });
  return { privateKey, publicKey };
}
