import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';

export type SecretsOutcome = 'env' | 'file' | 'generated';

type SecretsFile = { authSecret?: string; secretKey?: string; metricsToken?: string; createdAt?: string };

/**
 * First run without AUTH_SECRET / WARROOM_SECRET_KEY: generate both into
 * data/secrets.json (mode 600) and say so. With WARROOM_REQUIRE_ENV_SECRETS=1
 * refuse instead: production keeps its keys in its secret store.
 *
 * The Prometheus bearer token (WARROOM_METRICS_TOKEN) is generated the same
 * way, also for installs that predate it, and printed with where it lives so
 * the scrape config can be written at once.
 */
export function ensureSecrets(say: (line: string) => void = console.log): SecretsOutcome {
  const env = getEnv();
  if (env.AUTH_SECRET && env.WARROOM_SECRET_KEY) {
    if (!env.WARROOM_METRICS_TOKEN && env.requireEnvSecrets) {
      say(
        'warroom: WARROOM_METRICS_TOKEN is not set: /api/metrics refuses every scrape until it is (deploy/README.md)',
      );
    } else if (!env.WARROOM_METRICS_TOKEN) ensureMetricsToken(say);
    return 'env';
  }
  if (env.requireEnvSecrets) {
    const missing = ['AUTH_SECRET', 'WARROOM_SECRET_KEY'].filter((k) => !env[k as 'AUTH_SECRET']);
    throw new Error(
      `WARROOM_REQUIRE_ENV_SECRETS=1: refusing to start without ${missing.join(' and ')} in the environment`,
    );
  }
  if (fs.existsSync(env.secretsFile)) {
    const mode = fs.statSync(env.secretsFile).mode & 0o777;
    if (mode & 0o077) fs.chmodSync(env.secretsFile, 0o600);
    if (!env.WARROOM_METRICS_TOKEN) ensureMetricsToken(say);
    return 'file';
  }
  fs.mkdirSync(path.dirname(env.secretsFile), { recursive: true, mode: 0o700 });
  const secrets: SecretsFile = {
    authSecret: crypto.randomBytes(32).toString('base64url'),
    secretKey: crypto.randomBytes(32).toString('base64'),
    ...(env.WARROOM_METRICS_TOKEN ? {} : { metricsToken: newMetricsToken() }),
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(env.secretsFile, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  say(
    `warroom: generated AUTH_SECRET and WARROOM_SECRET_KEY into ${env.secretsFile} (mode 600). Back it up: SSH keys stored in warroom are encrypted with it.`,
  );
  if (secrets.metricsToken) sayMetricsToken(say, env.secretsFile, secrets.metricsToken);
  return 'generated';
}

function newMetricsToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

function sayMetricsToken(say: (line: string) => void, file: string, token: string): void {
  say(
    `warroom: generated WARROOM_METRICS_TOKEN (key "metricsToken" in ${file}); Prometheus scrapes /api/metrics with ` +
      `\`authorization: { type: Bearer, credentials: ${token} }\` (or set WARROOM_METRICS_TOKEN yourself)`,
  );
}

/** Adds a metrics token to secrets.json (creating it with only that key when the other secrets come from the environment). */
function ensureMetricsToken(say: (line: string) => void): void {
  const env = getEnv();
  let current: SecretsFile = {};
  try {
    current = JSON.parse(fs.readFileSync(env.secretsFile, 'utf8')) as SecretsFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${env.secretsFile} is not readable JSON`);
  }
  if (typeof current.metricsToken === 'string' && current.metricsToken.length >= 24) return;
  const next = { ...current, metricsToken: newMetricsToken() };
  fs.mkdirSync(path.dirname(env.secretsFile), { recursive: true, mode: 0o700 });
  // Written beside and renamed over: a crash mid-write never leaves a half file holding the SSH-key secret.
  const tmp = `${env.secretsFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, env.secretsFile);
  sayMetricsToken(say, env.secretsFile, next.metricsToken);
}
