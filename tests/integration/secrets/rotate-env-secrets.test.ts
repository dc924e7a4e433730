import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSecretKey } from '@/lib/env';
import { decryptSecret, encryptSecret } from '@/lib/crypto';
import { runCli, tempCliEnv } from '../../support/cli';
import { defined } from '../../support/defined';

/**
 * `warroom secrets rotate` when the keys come from the environment
 * (WARROOM_REQUIRE_ENV_SECRETS=1, as deploy/systemd runs it), through the real
 * CLI on a real database holding a real SSH key with a passphrase (added
 * with `warroom host add`) and webhook URLs: the new key waits in
 * config/rotated-secrets.env (0600, not on the output), every secret opens
 * under it, a start with the old key is refused naming the file, a start
 * with the new one removes it, and a rotation failing half-way changes
 * nothing at all.
 */
const t = tempCliEnv('warroom-rotate-env-', { WARROOM_SEED_DEMO: '1', WARROOM_REQUIRE_ENV_SECRETS: '1' });
const configDir = path.join(t.dir, 'config');
const pendingFile = path.join(configDir, 'rotated-secrets.env');
const keyFile = path.join(t.dir, 'id_ed25519');
const PASSPHRASE = 'rotate-me-passphrase-42';
let env = t.env;
afterAll(() => t.cleanup());

const hostAad = (id: string, field: string) => ({ table: 'Host', rowId: id, field });
const hookAad = (id: string) => ({ table: 'IncidentWebhook', rowId: id, field: 'url' });

type Stored = {
  hosts: { id: string; privateKeyEncrypted: string; passphraseEncrypted: string | null }[];
  hooks: { id: string; urlEncrypted: string }[];
};
function stored(): Stored {
  const raw = new Database(t.dbPath, { readonly: true });
  try {
    return {
      hosts: raw
        .prepare('SELECT id, privateKeyEncrypted, passphraseEncrypted FROM "Host" ORDER BY id')
        .all() as Stored['hosts'],
      hooks: raw.prepare('SELECT id, urlEncrypted FROM "IncidentWebhook" ORDER BY id').all() as Stored['hooks'],
    };
  } finally {
    raw.close();
  }
}

/** Every stored secret decrypted with `key` (throws if any does not open). */
function openAll(key: Buffer) {
  const s = stored();
  return {
    hosts: s.hosts.map((h) => ({
      privateKey: decryptSecret(key, h.privateKeyEncrypted, hostAad(h.id, 'privateKey')),
      passphrase: h.passphraseEncrypted ? decryptSecret(key, h.passphraseEncrypted, hostAad(h.id, 'passphrase')) : null,
    })),
    hooks: s.hooks.map((w) => decryptSecret(key, w.urlEncrypted, hookAad(w.id))),
  };
}

function pendingValues(): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(pendingFile, 'utf8')
      .split('\n')
      .flatMap((l) => {
        const m = /^([A-Z0-9_]+)=(.*)$/.exec(l);
        return m?.[1] ? [[m[1], m[2] ?? '']] : [];
      }),
  );
}

beforeAll(() => {
  const prepared = runCli(env, ['prepare']);
  expect(prepared.code, prepared.stderr).toBe(0);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-C', 'rotate-test', '-f', keyFile]);
  // Port 1 answers nothing: the host is stored, its host key simply cannot be read yet.
  const added = runCli(
    env,
    [
      'host',
      'add',
      '--name',
      'web-1',
      '--address',
      '127.0.0.1',
      '--port',
      '1',
      '--user',
      'deploy',
      '--key-file',
      keyFile,
    ],
    PASSPHRASE,
  );
  expect(added.code, added.stderr).toBe(0);
  const key = decodeSecretKey(defined(env.WARROOM_SECRET_KEY, 'WARROOM_SECRET_KEY'));
  const raw = new Database(t.dbPath);
  const incident = raw.prepare('SELECT id FROM "Incident" LIMIT 1').get() as { id: string };
  const insert = raw.prepare(
    'INSERT INTO "IncidentWebhook" (id, incidentId, name, urlEncrypted, urlHint) VALUES (?, ?, ?, ?, ?)',
  );
  for (const id of ['wh-1', 'wh-2'])
    insert.run(id, incident.id, id, encryptSecret(key, `https://hooks.example.com/${id}`, hookAad(id)), 'h');
  raw.close();
});

describe('secrets rotate with keys from the environment', () => {
  it('re-encrypts everything under a new key that waits in a 0600 file, never on the output', () => {
    const oldKey = decodeSecretKey(defined(env.WARROOM_SECRET_KEY, 'WARROOM_SECRET_KEY'));
    const before = openAll(oldKey);
    expect(before.hosts[0]?.privateKey).toBe(fs.readFileSync(keyFile, 'utf8'));
    expect(before.hosts[0]?.passphrase).toBe(PASSPHRASE);

    const r = runCli(env, ['secrets', 'rotate', '--auth-secret']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('re-encrypted 4 stored secret(s)');
    expect(r.stdout).toContain(`the new values are in ${pendingFile} (mode 600)`);
    expect(r.stdout).toContain('everyone must sign in again');
    expect(fs.statSync(pendingFile).mode & 0o777).toBe(0o600);
    const v = pendingValues();
    const newKey = decodeSecretKey(defined(v.WARROOM_SECRET_KEY, 'WARROOM_SECRET_KEY in the file'));
    const newAuth = defined(v.AUTH_SECRET, 'AUTH_SECRET in the file');
    expect(r.stdout + r.stderr).not.toContain(defined(v.WARROOM_SECRET_KEY, 'key'));
    expect(r.stdout + r.stderr).not.toContain(newAuth);
    expect(newKey.equals(oldKey)).toBe(false);
    expect(newAuth).not.toBe(env.AUTH_SECRET);

    // The same secrets, under the new key only.
    expect(openAll(newKey)).toEqual(before);
    const host = defined(stored().hosts[0], 'host row');
    expect(() => decryptSecret(oldKey, host.privateKeyEncrypted, hostAad(host.id, 'privateKey'))).toThrow(
      /failed authentication/,
    );

    // Forgot the EnvironmentFile: the start is refused, naming both variables and the file; nothing removed.
    const stale = runCli(env, ['prepare']);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain(
      'WARROOM_SECRET_KEY and AUTH_SECRET in the environment are still the value from before `warroom secrets rotate`',
    );
    expect(stale.stderr).toContain(pendingFile);
    expect(fs.existsSync(pendingFile)).toBe(true);
    // Only half of it pasted: still refused, naming what is left.
    const half = runCli({ ...env, WARROOM_SECRET_KEY: v.WARROOM_SECRET_KEY }, ['prepare']);
    expect(half.code).not.toBe(0);
    expect(half.stderr).toContain('AUTH_SECRET in the environment is still the value from before');

    // The operator pastes the values: the start removes the file; the re-signed audit head verifies.
    env = { ...env, WARROOM_SECRET_KEY: v.WARROOM_SECRET_KEY, AUTH_SECRET: newAuth };
    const started = runCli(env, ['prepare']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain(`removed ${pendingFile}`);
    expect(fs.existsSync(pendingFile)).toBe(false);
    const verify = runCli(env, ['audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('uses WARROOM_NEW_SECRET_KEY when given, and does not write it anywhere', () => {
    const given = crypto.randomBytes(32);
    const before = openAll(decodeSecretKey(defined(env.WARROOM_SECRET_KEY, 'key')));
    const r = runCli({ ...env, WARROOM_NEW_SECRET_KEY: given.toString('hex') }, ['secrets', 'rotate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('the new WARROOM_SECRET_KEY is the WARROOM_NEW_SECRET_KEY you gave');
    const text = fs.readFileSync(pendingFile, 'utf8');
    expect(text).not.toContain(given.toString('hex'));
    expect(text).not.toContain(given.toString('base64'));
    expect(pendingValues().WARROOM_SECRET_KEY).toBeUndefined();
    expect(openAll(given)).toEqual(before);

    env = { ...env, WARROOM_SECRET_KEY: given.toString('hex') };
    const started = runCli(env, ['prepare']);
    expect(started.code, started.stderr).toBe(0);
    expect(fs.existsSync(pendingFile)).toBe(false);
  });

  it('a rotation failing half-way (after the host was re-encrypted in the transaction) changes nothing', () => {
    const key = decodeSecretKey(defined(env.WARROOM_SECRET_KEY, 'key'));
    const raw = new Database(t.dbPath);
    const incident = raw.prepare('SELECT id FROM "Incident" LIMIT 1').get() as { id: string };
    // Hosts are re-encrypted first, webhooks after: this one, under another key, fails the second half.
    raw
      .prepare('INSERT INTO "IncidentWebhook" (id, incidentId, name, urlEncrypted, urlHint) VALUES (?, ?, ?, ?, ?)')
      .run('wh-z-bad', incident.id, 'bad', encryptSecret(crypto.randomBytes(32), 'x', hookAad('wh-z-bad')), 'h');
    const auditCount = () => {
      const db = new Database(t.dbPath, { readonly: true });
      const n = (db.prepare('SELECT count(*) AS n FROM "AuditEntry"').get() as { n: number }).n;
      db.close();
      return n;
    };
    raw.close();
    const before = stored();
    const audits = auditCount();

    const r = runCli(env, ['secrets', 'rotate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('secrets rotate failed, nothing changed');
    expect(stored()).toEqual(before);
    expect(auditCount()).toBe(audits);
    expect(fs.existsSync(pendingFile)).toBe(false);
    // The current key still opens the host key, and the service still starts with it.
    const host = defined(before.hosts[0], 'host row');
    expect(decryptSecret(key, host.privateKeyEncrypted, hostAad(host.id, 'privateKey'))).toBe(
      fs.readFileSync(keyFile, 'utf8'),
    );
    const started = runCli(env, ['prepare']);
    expect(started.code, started.stderr).toBe(0);
  });

  it('a file left by a rotation that never committed is recognised as stale, not a reason to refuse', () => {
    fs.writeFileSync(pendingFile, `WARROOM_SECRET_KEY_SHA256=${'0'.repeat(64)}\n`, { mode: 0o600 });
    const started = runCli(env, ['prepare']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain('left by a rotation that did not complete');
    expect(fs.existsSync(pendingFile)).toBe(false);
  });
});
