import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getEnv, missingEnvSecretsMessage } from '@/lib/env';
import { ANCHOR_FILE } from '@/lib/audit/anchor';

export type SecretsOutcome = 'env' | 'file' | 'generated';

type SecretsFile = { authSecret?: string; secretKey?: string; metricsToken?: string; createdAt?: string };

/**
 * First run without AUTH_SECRET / WARROOM_SECRET_KEY: generate both into
 * config/secrets.json (mode 600, WARROOM_CONFIG_DIR) and say where. Never in
 * the data directory: every copy of data/ would carry the ciphertexts AND
 * their key (and the means to forge sessions). An install from before keeps
 * its keys: data/secrets.json is moved there (copied, checked, then removed).
 * With WARROOM_REQUIRE_ENV_SECRETS=1 refuse instead, naming what is missing:
 * production keeps its keys in its secret store.
 *
 * The Prometheus bearer token (WARROOM_METRICS_TOKEN) is generated the same
 * way, also for installs that predate it, and printed with where it lives so
 * the scrape config can be written at once.
 */
export function ensureSecrets(say: (line: string) => void = console.log): SecretsOutcome {
  const env = getEnv();
  if (fs.existsSync(`${env.secretsFile}.rotating`)) {
    throw new Error(
      `an interrupted \`warroom secrets rotate\` left ${env.secretsFile}.rotating; run \`warroom secrets rotate\` again to finish it before starting`,
    );
  }
  moveOutOfDataDir(env.legacySecretsFile, env.secretsFile, say);
  moveOutOfDataDir(path.join(env.dataDir, ANCHOR_FILE), path.join(env.configDir, ANCHOR_FILE), say);
  if (env.AUTH_SECRET && env.WARROOM_SECRET_KEY) {
    if (!env.WARROOM_METRICS_TOKEN && env.requireEnvSecrets) {
      say(
        'warroom: WARROOM_METRICS_TOKEN is not set: /api/metrics refuses every scrape until it is (deploy/README.md)',
      );
    } else if (!env.WARROOM_METRICS_TOKEN) ensureMetricsToken(say);
    return 'env';
  }
  if (env.requireEnvSecrets) {
    throw new Error(missingEnvSecretsMessage());
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
    `warroom: generated AUTH_SECRET and WARROOM_SECRET_KEY into ${env.secretsFile} (mode 600, outside the data directory, never in a backup). Keep a copy somewhere safe: SSH keys stored in warroom are encrypted with it.`,
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

/**
 * Moves a file that used to live in the data directory to the config
 * directory without ever being without it: written beside the target,
 * flushed, renamed into place, read back and compared, and only then is the
 * old one removed. Two different files refuse the start: one of them holds
 * the key to every stored SSH key, and guessing which would lose it.
 */
function moveOutOfDataDir(from: string, to: string, say: (line: string) => void): void {
  if (!fs.existsSync(from)) return;
  const old = fs.readFileSync(from);
  if (fs.existsSync(to)) {
    if (!fs.readFileSync(to).equals(old)) {
      throw new Error(
        `both ${from} and ${to} exist and differ; keep the one that matches your stored SSH keys at ${to} and remove the other`,
      );
    }
    fs.rmSync(from);
    return;
  }
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  const tmp = `${to}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, old);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, to);
  if (!fs.readFileSync(to).equals(old))
    throw new Error(`moving ${from} to ${to}: the copy does not match; kept ${from}`);
  fs.rmSync(from);
  say(`warroom: moved ${from} to ${to} (mode 600): secrets no longer travel with the data directory`);
}
