import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSecretKey } from '@/lib/env';
import { decryptSecret, encryptSecret } from '@/lib/crypto';
import { runCli, tempCliEnv } from '../../support/cli';
import { defined } from '../../support/defined';

/**
 * Secrets apart from the data, through the real CLI: generated into
 * config/ (never data/), an old data/secrets.json moved without loss,
 * WARROOM_REQUIRE_ENV_SECRETS naming what is missing, never in a backup,
 * and `secrets rotate` re-encrypting every stored secret in one transaction.
 */
const t = tempCliEnv('warroom-secrets-', { WARROOM_SEED_DEMO: '1' });
delete t.env.AUTH_SECRET;
delete t.env.WARROOM_SECRET_KEY;
const configDir = path.join(t.dir, 'config');
const secretsFile = path.join(configDir, 'secrets.json');
afterAll(() => t.cleanup());

const readSecrets = () => JSON.parse(fs.readFileSync(secretsFile, 'utf8')) as { authSecret: string; secretKey: string };
const aad = (id: string) => ({ table: 'IncidentWebhook', rowId: id, field: 'url' });

describe('secrets outside the data directory', () => {
  it('moves an existing data/secrets.json to config/ on upgrade, keys unchanged, and says where', () => {
    const legacy = path.join(t.dir, 'secrets.json');
    const original = JSON.stringify({
      authSecret: crypto.randomBytes(32).toString('base64url'),
      secretKey: crypto.randomBytes(32).toString('base64'),
    });
    fs.writeFileSync(legacy, original, { mode: 0o644 });
    const r = runCli(t.env, ['prepare']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`moved ${legacy} to ${secretsFile}`);
    expect(fs.existsSync(legacy)).toBe(false);
    expect(fs.statSync(secretsFile).mode & 0o777).toBe(0o600);
    // The same keys (the metrics token is added beside them).
    expect(readSecrets()).toMatchObject(JSON.parse(original));

    // Not a terminal (a service log): the first admin's generated password goes to a 0600 file, not the output.
    const passwordFile = path.join(configDir, 'first-admin-password.txt');
    expect(r.stdout).toContain(`the generated password is in ${passwordFile} (mode 600)`);
    const [email, password] = fs.readFileSync(passwordFile, 'utf8').trim().split('\n');
    expect(email).toBe('admin@warroom.local');
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(r.stdout + r.stderr).not.toContain(password);
    expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
  });

  it('refuses two different copies instead of guessing which holds the key', () => {
    fs.writeFileSync(path.join(t.dir, 'secrets.json'), JSON.stringify({ secretKey: 'other' }));
    const r = runCli(t.env, ['prepare']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('exist and differ');
    fs.rmSync(path.join(t.dir, 'secrets.json'));
  });

  it('with WARROOM_REQUIRE_ENV_SECRETS=1 refuses to start, naming exactly what is missing', () => {
    const both = runCli({ ...t.env, WARROOM_REQUIRE_ENV_SECRETS: '1' }, ['prepare']);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('refusing to start without AUTH_SECRET and WARROOM_SECRET_KEY in the environment');
    const one = runCli({ ...t.env, WARROOM_REQUIRE_ENV_SECRETS: '1', AUTH_SECRET: 'a'.repeat(40) }, ['prepare']);
    expect(one.stderr).toContain('refusing to start without WARROOM_SECRET_KEY in the environment');
  });

  it('never puts the secrets into a backup', () => {
    const file = path.join(t.dir, 'nightly.db');
    const r = runCli(t.env, ['backup', file]);
    expect(r.code, r.stderr).toBe(0);
    const bytes = fs.readFileSync(file);
    const { authSecret, secretKey } = readSecrets();
    expect(bytes.includes(Buffer.from(authSecret))).toBe(false);
    expect(bytes.includes(Buffer.from(secretKey))).toBe(false);
    expect(bytes.includes(decodeSecretKey(secretKey))).toBe(false);
  });

  it('rotates: every stored secret re-encrypted under the new key in one transaction, the audit head re-signed', () => {
    const oldKey = decodeSecretKey(readSecrets().secretKey);
    const raw = new Database(t.dbPath);
    const incident = raw.prepare('SELECT id FROM "Incident" LIMIT 1').get() as { id: string };
    const insert = raw.prepare(
      'INSERT INTO "IncidentWebhook" (id, incidentId, name, urlEncrypted, urlHint) VALUES (?, ?, ?, ?, ?)',
    );
    for (const id of ['wh-1', 'wh-2']) {
      insert.run(id, incident.id, id, encryptSecret(oldKey, `https://hooks.example.com/${id}`, aad(id)), 'h');
    }
    raw.close();
    expect(runCli(t.env, ['audit', 'verify']).code).toBe(0);

    const r = runCli(t.env, ['secrets', 'rotate', '--auth-secret']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('re-encrypted 2 stored secret(s)');
    expect(r.stdout).toContain('everyone must sign in again');
    const newKey = decodeSecretKey(readSecrets().secretKey);
    expect(newKey.equals(oldKey)).toBe(false);
    expect(fs.existsSync(`${secretsFile}.rotating`)).toBe(false);

    const after = new Database(t.dbPath, { readonly: true });
    const rows = after.prepare('SELECT id, urlEncrypted FROM "IncidentWebhook" ORDER BY id').all() as {
      id: string;
      urlEncrypted: string;
    }[];
    const audit = after.prepare(`SELECT payload FROM "AuditEntry" WHERE action = 'secrets.rotate'`).get() as {
      payload: string;
    };
    after.close();
    expect(rows.map((w) => decryptSecret(newKey, w.urlEncrypted, aad(w.id)))).toEqual([
      'https://hooks.example.com/wh-1',
      'https://hooks.example.com/wh-2',
    ]);
    const first = defined(rows[0], 'first webhook row');
    expect(() => decryptSecret(oldKey, first.urlEncrypted, aad(first.id))).toThrow(/failed authentication/);
    expect(JSON.parse(audit.payload)).toMatchObject({ reencrypted: 2, webhooks: 2, authSecret: true });
    const verify = runCli(t.env, ['audit', 'verify']);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('changes nothing when one secret cannot be decrypted (all or nothing)', () => {
    const before = fs.readFileSync(secretsFile, 'utf8');
    const raw = new Database(t.dbPath);
    const incident = raw.prepare('SELECT id FROM "Incident" LIMIT 1').get() as { id: string };
    raw
      .prepare('INSERT INTO "IncidentWebhook" (id, incidentId, name, urlEncrypted, urlHint) VALUES (?, ?, ?, ?, ?)')
      .run('wh-bad', incident.id, 'bad', encryptSecret(crypto.randomBytes(32), 'x', aad('wh-bad')), 'h');
    const hooksBefore = JSON.stringify(raw.prepare('SELECT * FROM "IncidentWebhook" ORDER BY id').all());
    raw.close();
    const r = runCli(t.env, ['secrets', 'rotate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing changed');
    expect(fs.readFileSync(secretsFile, 'utf8')).toBe(before);
    expect(fs.existsSync(`${secretsFile}.rotating`)).toBe(false);
    const check = new Database(t.dbPath, { readonly: true });
    expect(JSON.stringify(check.prepare('SELECT * FROM "IncidentWebhook" ORDER BY id').all())).toBe(hooksBefore);
    check.close();
  });
});
