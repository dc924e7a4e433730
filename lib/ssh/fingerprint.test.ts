import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintPublicKeyLine, hostKeyType } from './fingerprint';
import { generateEd25519KeyPair } from './keygen';

const dir = mkdtempSync(join(tmpdir(), 'warroom-fp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sshKeygenFingerprint(pubPath: string): string {
  // "256 SHA256:… comment (ED25519)"
  return execFileSync('ssh-keygen', ['-lf', pubPath], { encoding: 'utf8' }).split(' ')[1];
}

describe('fingerprint', () => {
  it.each(['ed25519', 'ecdsa', 'rsa'])('matches ssh-keygen -lf for a real %s key', (type) => {
    const keyPath = join(dir, `key-${type}`);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', keyPath]);
    const pub = readFileSync(`${keyPath}.pub`, 'utf8');
    expect(fingerprintPublicKeyLine(pub)).toBe(sshKeygenFingerprint(`${keyPath}.pub`));
    expect(hostKeyType(Buffer.from(pub.split(' ')[1], 'base64'))).toBe(pub.split(' ')[0]);
  });
});

describe('generateEd25519KeyPair', () => {
  it('produces an OpenSSH private key that ssh-keygen accepts and whose public half matches', () => {
    const { privateKey, publicKey } = generateEd25519KeyPair('warroom');
    expect(privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    expect(publicKey).toMatch(/^ssh-ed25519 AAAA[\w+/=]+ warroom$/);
    const keyPath = join(dir, 'generated');
    execFileSync('sh', ['-c', `umask 077; cat > ${keyPath}`], { input: privateKey });
    const derived = execFileSync('ssh-keygen', ['-y', '-f', keyPath], { encoding: 'utf8' }).trim();
    expect(derived.split(' ').slice(0, 2).join(' ')).toBe(publicKey.split(' ').slice(0, 2).join(' '));
  });
});
