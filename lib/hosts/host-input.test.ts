import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '@/lib/ssh/keygen';
import {
  CreateHostInput,
  PinHostKeyInput,
  UpdateHostInput,
  checkPrivateKey,
  normalizeAddress,
  normalizePrivateKey,
  parseTags,
} from './host-input';

const dir = mkdtempSync(join(tmpdir(), 'warroom-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Real keys from OpenSSH's ssh-keygen, in the formats admins paste. */
function sshKeygen(name: string, args: string[]): { privateKey: string; publicKey: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-f', path, '-C', name, ...args]);
  return { privateKey: readFileSync(path, 'utf8'), publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
}

const ed = generateEd25519KeyPair('unit');
const base = {
  name: 'tms-frontend-1',
  address: '10.0.4.12',
  port: '22',
  username: 'deploy',
  serviceManager: 'systemd',
};

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
}

describe('address', () => {
  it.each([
    ['10.0.4.12', '10.0.4.12'],
    ['web1.internal', 'web1.internal'],
    ['Web1.Example.COM.', 'web1.example.com'],
    ['::1', '::1'],
    ['[2001:db8::7]', '2001:db8::7'],
    ['localhost', 'localhost'],
  ])('accepts %s', (raw, normalized) => {
    expect(normalizeAddress(raw)).toBe(normalized);
  });

  it.each([
    '',
    '10.0.0.300',
    '-oProxyCommand=id',
    'web 1',
    'a..b',
    'host_name',
    'x'.repeat(254),
    'user@host',
    'host:22',
    '[::1',
  ])('refuses %j', (raw) => {
    expect(normalizeAddress(raw)).toBeNull();
  });

  it('names the bad address in the message', () => {
    const r = CreateHostInput.safeParse({ ...base, address: '10.0.0.300', generate: 'true' });
    expect(issues(r).address).toBe('"10.0.0.300" is not a hostname or an IPv4/IPv6 address.');
  });
});

describe('fields', () => {
  it('parses a full form with a generated key', () => {
    const r = CreateHostInput.parse({
      ...base,
      name: ' TMS-Frontend-1 ',
      tags: 'prod, Frontend,prod',
      generate: 'true',
      passphrase: 'ignored',
    });
    expect(r).toMatchObject({
      name: 'tms-frontend-1',
      port: 22,
      tags: ['prod', 'frontend'],
      generate: true,
      passphrase: undefined,
    });
  });

  it('defaults a blank port to 22 and refuses ports outside 1–65535', () => {
    expect(CreateHostInput.parse({ ...base, port: '', generate: true }).port).toBe(22);
    for (const port of ['0', '65536', '22.5', 'ssh', '-1']) {
      const r = CreateHostInput.safeParse({ ...base, port, generate: true });
      expect(issues(r).port, port).toMatch(/port must be/);
    }
  });

  it('refuses names, users, tags and service managers outside their patterns', () => {
    const r = CreateHostInput.safeParse({
      name: '-web',
      address: 'web1',
      port: 22,
      username: '1root; id',
      tags: 'ok, bad tag!',
      serviceManager: 'openrc',
      generate: true,
    });
    expect(Object.keys(issues(r)).sort()).toEqual(['name', 'serviceManager', 'tags', 'username']);
    expect(issues(r).tags).toContain('"tag!"');
    expect(issues(r).serviceManager).toBe('Choose systemd or supervisor.');
  });

  it('dedupes tags and caps their number', () => {
    expect(parseTags('a, b ,a  c')).toEqual({ tags: ['a', 'b', 'c'] });
    expect(parseTags(Array.from({ length: 17 }, (_, i) => `t${i}`).join(','))).toEqual({
      error: 'At most 16 tags (got 17).',
    });
  });

  it('takes a fingerprint only in SHA256: form', () => {
    expect(PinHostKeyInput.safeParse({ hostId: 'h', fingerprint: 'SHA256:' + 'A'.repeat(43) }).success).toBe(true);
    expect(PinHostKeyInput.safeParse({ hostId: 'h', fingerprint: 'MD5:aa:bb' }).success).toBe(false);
    expect(PinHostKeyInput.safeParse({ hostId: 'h', fingerprint: 'SHA256:' + 'A'.repeat(42) }).success).toBe(false);
  });
});

describe('private key', () => {
  it('accepts a pasted ed25519 key and derives its authorized_keys line', () => {
    const r = CreateHostInput.parse({ ...base, privateKey: ed.privateKey });
    expect(r.publicKey).toBe(ed.publicKey.split(' ').slice(0, 2).join(' '));
    expect(r.generate).toBe(false);
  });

  it('derives the right public key for many generated keys (including those starting with 0x00)', () => {
    for (let i = 0; i < 600; i++) {
      const pair = generateEd25519KeyPair('');
      const check = checkPrivateKey(pair.privateKey);
      expect(check.ok && check.publicKey).toBe(pair.publicKey);
    }
  });

  it('accepts OpenSSH RSA and PEM ECDSA keys, and an encrypted key with its passphrase', () => {
    const rsa = sshKeygen('rsa', ['-t', 'rsa', '-b', '2048', '-N', '']);
    const ecdsa = sshKeygen('ecdsa', ['-t', 'ecdsa', '-m', 'PEM', '-N', '']);
    const encrypted = sshKeygen('enc', ['-t', 'ed25519', '-N', 'correct horse']);
    for (const [key, pass, pub] of [
      [rsa.privateKey, undefined, rsa.publicKey],
      [ecdsa.privateKey, undefined, ecdsa.publicKey],
      [encrypted.privateKey, 'correct horse', encrypted.publicKey],
    ] as const) {
      const check = checkPrivateKey(key, pass);
      expect(check).toMatchObject({ ok: true });
      expect(check.ok && check.publicKey).toBe(pub.split(' ').slice(0, 2).join(' '));
    }
  });

  it('tolerates CRLF, indentation and blank lines from a paste', () => {
    const mangled = `\r\n  ${ed.privateKey.replace(/\n/g, '\r\n   ')}\r\n\r\n`;
    expect(normalizePrivateKey(mangled)).toBe(ed.privateKey);
    expect(CreateHostInput.parse({ ...base, privateKey: mangled }).privateKey).toBe(ed.privateKey);
  });

  it('names each problem', () => {
    const encrypted = sshKeygen('enc2', ['-t', 'ed25519', '-N', 'correct horse']);
    const cases: [string, string | undefined, RegExp][] = [
      [encrypted.privateKey, undefined, /encrypted and no passphrase was given/],
      [encrypted.privateKey, 'wrong', /passphrase is wrong/],
      [ed.publicKey, undefined, /public key/],
      ['-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----', undefined, /public key/],
      ['PuTTY-User-Key-File-3: ssh-ed25519\n', undefined, /PuTTY/],
      [ed.privateKey.slice(0, 120), undefined, /not a recognised OpenSSH or PEM private key/],
      ['hello', undefined, /could not be read/],
    ];
    for (const [key, pass, message] of cases) {
      const check = checkPrivateKey(key, pass);
      expect(check.ok, key.slice(0, 30)).toBe(false);
      if (!check.ok) expect(check.problem).toMatch(message);
    }
  });

  it('puts a passphrase problem on the passphrase field and a key problem on the key field', () => {
    const encrypted = sshKeygen('enc3', ['-t', 'ed25519', '-N', 'correct horse']);
    expect(Object.keys(issues(CreateHostInput.safeParse({ ...base, privateKey: encrypted.privateKey })))).toEqual([
      'passphrase',
    ]);
    expect(Object.keys(issues(CreateHostInput.safeParse({ ...base, privateKey: 'nope' })))).toEqual(['privateKey']);
  });

  it('requires a key on create, but not on update (blank keeps the stored key)', () => {
    expect(issues(CreateHostInput.safeParse(base)).privateKey).toMatch(/Paste a private key/);
    expect(
      issues(CreateHostInput.safeParse({ ...base, privateKey: ed.privateKey, generate: 'true' })).privateKey,
    ).toMatch(/not both/);
    const update = UpdateHostInput.parse({ ...base, hostId: 'h1' });
    expect(update.privateKey).toBeUndefined();
    expect(update.generate).toBe(false);
    expect(issues(UpdateHostInput.safeParse({ ...base, hostId: 'h1', passphrase: 'x' })).privateKey).toMatch(
      /paste the key again/,
    );
  });
});

describe('passwordless sudo', () => {
  it('is off unless ticked, and the form’s hidden "false" before the checkbox does not win', () => {
    const key = { privateKey: ed.privateKey };
    const parse = (extra: object) => CreateHostInput.safeParse({ ...base, ...key, ...extra });
    expect(parse({}).data?.passwordlessSudo).toBe(false);
    expect(parse({ passwordlessSudo: 'false' }).data?.passwordlessSudo).toBe(false);
    expect(parse({ passwordlessSudo: ['false', 'true'] }).data?.passwordlessSudo).toBe(true);
    expect(parse({ passwordlessSudo: true }).data?.passwordlessSudo).toBe(true);
  });
});
