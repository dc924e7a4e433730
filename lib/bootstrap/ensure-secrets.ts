import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';

export type SecretsOutcome = 'env' | 'file' | 'generated';

/**
 * First run without AUTH_SECRET / WARROOM_SECRET_KEY: generate both into
 * data/secrets.json (mode 600) and say so. With WARROOM_REQUIRE_ENV_SECRETS=1
 * refuse instead: production keeps its keys in its secret store.
 */
export function ensureSecrets(say: (line: string) => void = console.log): SecretsOutcome {
  const env = getEnv();
  if (env.AUTH_SECRET && env.WARROOM_SECRET_KEY) return 'env';
  if (env.requireEnvSecrets) {
    const missing = ['AUTH_SECRET', 'WARROOM_SECRET_KEY'].filter((k) => !env[k as 'AUTH_SECRET']);
    throw new Error(
      `WARROOM_REQUIRE_ENV_SECRETS=1: refusing to start without ${missing.join(' and ')} in the environment`,
    );
  }
  if (fs.existsSync(env.secretsFile)) {
    const mode = fs.statSync(env.secretsFile).mode & 0o777;
    if (mode & 0o077) fs.chmodSync(env.secretsFile, 0o600);
    return 'file';
  }
  fs.mkdirSync(path.dirname(env.secretsFile), { recursive: true, mode: 0o700 });
  const secrets = {
    authSecret: crypto.randomBytes(32).toString('base64url'),
    secretKey: crypto.randomBytes(32).toString('base64'),
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(env.secretsFile, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  say(
    `warroom: generated AUTH_SECRET and WARROOM_SECRET_KEY into ${env.secretsFile} (mode 600). Back it up: SSH keys stored in warroom are encrypted with it.`,
  );
  return 'generated';
}
