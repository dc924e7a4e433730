import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getEnv, getMetricsToken, getSecrets, resetEnvForTests } from '@/lib/env';
import { ensureSecrets } from '@/lib/bootstrap/ensure-secrets';

/** The Prometheus token is generated with the other secrets, and said where it lives. */
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

function freshDir(env: Record<string, string | undefined>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-token-'));
  for (const k of ['AUTH_SECRET', 'WARROOM_SECRET_KEY', 'WARROOM_METRICS_TOKEN', 'WARROOM_REQUIRE_ENV_SECRETS'])
    delete process.env[k];
  Object.assign(process.env, { WARROOM_DATA_DIR: dir, DATABASE_URL: `file:${dir}/warroom.db`, ...env });
  resetEnvForTests();
  // Secrets live outside the data directory (lib/env.ts: configDir).
  return { dir, file: getEnv().secretsFile };
}

describe('the metrics token', () => {
  it('is generated on first run with the other secrets (mode 600) and printed with where it lives', () => {
    const { file } = freshDir({});
    const said: string[] = [];
    expect(ensureSecrets((l) => said.push(l))).toBe('generated');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(stored.metricsToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(said.join('\n')).toContain(`WARROOM_METRICS_TOKEN (key "metricsToken" in ${file})`);
    expect(said.join('\n')).toContain(stored.metricsToken);
    expect(getMetricsToken()).toBe(stored.metricsToken);
    // A second start says nothing new and keeps the token.
    const again: string[] = [];
    expect(ensureSecrets((l) => again.push(l))).toBe('file');
    expect(again).toEqual([]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).metricsToken).toBe(stored.metricsToken);
  });

  it('is added to an install that predates it, keeping its other secrets', () => {
    const { file } = freshDir({});
    const old = { authSecret: 'a'.repeat(43), secretKey: Buffer.alloc(32, 7).toString('base64') };
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify(old), { mode: 0o600 });
    const said: string[] = [];
    expect(ensureSecrets((l) => said.push(l))).toBe('file');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(stored).toMatchObject(old);
    expect(stored.metricsToken).toHaveLength(43);
    expect(said).toHaveLength(1);
    expect(getSecrets().authSecret).toBe(old.authSecret);
  });

  it('comes from WARROOM_METRICS_TOKEN when set; with required env secrets and none set, it is only named', () => {
    freshDir({ WARROOM_METRICS_TOKEN: 'env-token-0123456789abcdefghij' });
    expect(getMetricsToken()).toBe('env-token-0123456789abcdefghij');
    const { file } = freshDir({
      AUTH_SECRET: 'x'.repeat(40),
      WARROOM_SECRET_KEY: '0'.repeat(64),
      WARROOM_REQUIRE_ENV_SECRETS: '1',
    });
    const said: string[] = [];
    expect(ensureSecrets((l) => said.push(l))).toBe('env');
    expect(fs.existsSync(file)).toBe(false);
    expect(getMetricsToken()).toBeNull();
    expect(said.join('\n')).toContain('WARROOM_METRICS_TOKEN is not set: /api/metrics refuses every scrape');
  });
});
