import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodeSecretKey, getEnv } from '@/lib/env';
import { keyOpensStoredSecrets } from './key-opens-stored';

/**
 * `warroom secrets rotate` when the keys come from the environment
 * (WARROOM_REQUIRE_ENV_SECRETS=1, an EnvironmentFile): warroom cannot edit the
 * operator's secret store, so between the commit and the operator pasting
 * the new key there, this file (config/rotated-secrets.env, mode 600) is
 * what stands between the stored SSH keys and their loss. It is written
 * and flushed BEFORE the re-encryption, in EnvironmentFile syntax:
 *
 *   WARROOM_SECRET_KEY=…            (only when warroom generated the key)
 *   AUTH_SECRET=…                   (only with --auth-secret)
 *   WARROOM_SECRET_KEY_SHA256=…     (always: what the start compares)
 *   AUTH_SECRET_SHA256=…
 *
 * The next start (`warroom prepare`) settles it: the environment holds the
 * new key → the file is removed; the environment's key still opens the
 * stored secrets (the rotation never committed) → removed as stale;
 * otherwise warroom refuses to start, naming this file, rather than run
 * with a key that opens nothing.
 */
export const PENDING_ENV_SECRETS_FILE = 'rotated-secrets.env';

export function pendingEnvSecretsPath(configDir = getEnv().configDir): string {
  return path.join(configDir, PENDING_ENV_SECRETS_FILE);
}

export function sha256Hex(value: Buffer | string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

export type PendingEnvSecrets = {
  /** The KEY=value lines the operator puts in the EnvironmentFile (values warroom generated only). */
  lines: string[];
  file: string;
};

/** Written with O_EXCL and fsync'd: an earlier rotation's file is never overwritten. */
export function writePendingEnvSecrets(next: {
  secretKey: Buffer;
  secretKeyGenerated: boolean;
  authSecret: string | null;
}): PendingEnvSecrets {
  const file = pendingEnvSecretsPath();
  const lines = [
    ...(next.secretKeyGenerated ? [`WARROOM_SECRET_KEY=${next.secretKey.toString('base64')}`] : []),
    ...(next.authSecret ? [`AUTH_SECRET=${next.authSecret}`] : []),
  ];
  const text = [
    `# written by \`warroom secrets rotate\` at ${new Date().toISOString()}: every stored secret is now encrypted under`,
    '# the new WARROOM_SECRET_KEY. Put the values below into your EnvironmentFile (replacing the old ones),',
    '# then start warroom; it removes this file once the environment holds them.',
    ...(next.secretKeyGenerated
      ? []
      : ['# WARROOM_SECRET_KEY: the WARROOM_NEW_SECRET_KEY you gave (not written here)']),
    ...lines,
    `WARROOM_SECRET_KEY_SHA256=${sha256Hex(next.secretKey)}`,
    ...(next.authSecret ? [`AUTH_SECRET_SHA256=${sha256Hex(next.authSecret)}`] : []),
    '',
  ].join('\n');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { lines, file };
}

function readPending(file: string): Record<string, string> | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m?.[1]) values[m[1]] = m[2] ?? '';
  }
  return values;
}

export type Settled = 'none' | 'applied' | 'stale';

/**
 * Called before serving (and before the next rotation) with the keys of the
 * environment. Throws, naming the file and the variable, when the
 * environment still holds the key from before a committed rotation.
 */
export async function settlePendingEnvSecrets(say: (line: string) => void = console.log): Promise<Settled> {
  const env = getEnv();
  const file = pendingEnvSecretsPath();
  const pending = readPending(file);
  if (!pending) return 'none';
  const wantKey = pending.WARROOM_SECRET_KEY_SHA256;
  const wantAuth = pending.AUTH_SECRET_SHA256;
  const envKey = env.WARROOM_SECRET_KEY ? decodeSecretKey(env.WARROOM_SECRET_KEY) : null;
  const keyApplied = envKey !== null && sha256Hex(envKey) === wantKey;
  const authApplied = !wantAuth || (env.AUTH_SECRET !== undefined && sha256Hex(env.AUTH_SECRET) === wantAuth);
  if (keyApplied && authApplied) {
    // The environment holds the key now: a file that cannot be removed (a read-only mount) must not stop the start.
    try {
      fs.rmSync(file);
      say(`warroom: the keys from \`warroom secrets rotate\` are in the environment now; removed ${file}`);
    } catch (err) {
      say(
        `warroom: the keys from \`warroom secrets rotate\` are in the environment now; remove ${file} (${(err as Error).message})`,
      );
    }
    return 'applied';
  }
  // Not the new key: did the rotation commit at all? If the environment's key still opens
  // what is stored, it did not (a crash mid-transaction rolls back), and the file is stale.
  if (!keyApplied && envKey && (await keyOpensStoredSecrets(envKey)) === true) {
    fs.rmSync(file);
    say(
      `warroom: ${file} was left by a rotation that did not complete (the current key still opens everything); removed`,
    );
    return 'stale';
  }
  const missing = [...(keyApplied ? [] : ['WARROOM_SECRET_KEY']), ...(authApplied ? [] : ['AUTH_SECRET'])];
  throw new Error(
    `${missing.join(' and ')} in the environment ${missing.length > 1 ? 'are' : 'is'} still the value from before \`warroom secrets rotate\`: ` +
      `the stored secrets are encrypted under the new key. Put the values from ${file} into your EnvironmentFile, then start again`,
  );
}
