import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utils } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintPublicKeyLine, hostKeyType } from './fingerprint';
import { generateEd25519KeyPair } from './keygen';
import { defined } from '@/tests/support/defined';

const dir = mkdtempSync(join(tmpdir(), 'warroom-fp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sshKeygenFingerprint(pubPath: string): string {
  // "256 SHA256:… comment (ED25519)"
  return defined(execFileSync('ssh-keygen', ['-lf', pubPath], { encoding: 'utf8' }).split(' ')[1], 'fingerprint');
}

describe('fingerprint', () => {
  it.each(['ed25519', 'ecdsa', 'rsa'])('matches ssh-keygen -lf for a real %s key', (type) => {
    const keyPath = join(dir, `key-${type}`);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', keyPath]);
    const pub = readFileSync(`${keyPath}.pub`, 'utf8');
    expect(fingerprintPublicKeyLine(pub)).toBe(sshKeygenFingerprint(`${keyPath}.pub`));
    const [keyType, blob] = pub.split(' ');
    expect(hostKeyType(Buffer.from(defined(blob, 'key blob'), 'base64'))).toBe(keyType);
  });
});

function publicKeyBytes(publicKeyLine: string): Buffer {
  // Blob = string "ssh-ed25519" (4 + 11 bytes) + string key (4 + 32 bytes).
  return Buffer.from(defined(publicKeyLine.split(' ')[1], 'key blob'), 'base64').subarray(19);
}

function expectUsable({ privateKey, publicKey }: { privateKey: string; publicKey: string }, name: string): void {
  const parsed = utils.parseKey(privateKey);
  expect(parsed).not.toBeInstanceOf(Error);
  const keyPath = join(dir, name);
  writeFileSync(keyPath, privateKey, { mode: 0o600 });
  const derived = execFileSync('ssh-keygen', ['-y', '-f', keyPath], { encoding: 'utf8' }).trim();
  expect(derived.split(' ').slice(0, 2).join(' ')).toBe(publicKey.split(' ').slice(0, 2).join(' '));
}

describe('generateEd25519KeyPair', () => {
  it('produces an OpenSSH private key that ssh2 parses and ssh-keygen derives the same public key from', () => {
    const pair = generateEd25519KeyPair('warroom');
    expect(pair.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(pair.publicKey).toMatch(/^ssh-ed25519 AAAA[\w+/=]+ warroom$/);
    expectUsable(pair, 'generated');
  });

  // Regression: ssh2's own generator mangles public keys that start with 0x00.
  it('handles a public key with a leading zero byte', () => {
    let pair = generateEd25519KeyPair();
    for (let tries = 0; publicKeyBytes(pair.publicKey)[0] !== 0 && tries < 20_000; tries++)
      pair = generateEd25519KeyPair();
    expect(publicKeyBytes(pair.publicKey)[0]).toBe(0);
    expectUsable(pair, 'leading-zero');
  });

  it('every one of many keys parses', () => {
    for (let i = 0; i < 2_000; i++) {
      expect(utils.parseKey(generateEd25519KeyPair().privateKey)).not.toBeInstanceOf(Error);
    }
  });
});
