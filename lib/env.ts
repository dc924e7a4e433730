import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads process.env. Parsed lazily (and cached) so the
 * CLI and tests can set variables before first use.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  WARROOM_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, 'DATABASE_URL must be a SQLite URL like file:./data/warroom.db')
    .optional(),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  WARROOM_SECRET_KEY: z.string().optional(),
  WARROOM_REQUIRE_ENV_SECRETS: z.enum(['0', '1', 'true', 'false', '']).optional(),
  WARROOM_ADMIN_EMAIL: z.string().optional(),
  WARROOM_ADMIN_PASSWORD: z.string().optional(),
  WARROOM_SEED_DEMO: z.enum(['0', '1', 'true', 'false', '']).optional(),
  WARROOM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default('localhost'),
  /** The Chromium the PDF export drives (Debian's package; never a downloaded browser). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  npm_package_version: z.string().optional(),
  // Who ran `sudo warroom …`: the CLI's audit entries name that person, not root.
  SUDO_USER: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema> & {
  databaseUrl: string;
  databasePath: string;
  dataDir: string;
  secretsFile: string;
  requireEnvSecrets: boolean;
  seedDemo: boolean;
  version: string;
};

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.WARROOM_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, 'warroom.db')}`;
  cached = {
    ...e,
    dataDir,
    databaseUrl,
    databasePath: path.resolve(databaseUrl.replace(/^file:/, '')),
    secretsFile: path.join(dataDir, 'secrets.json'),
    requireEnvSecrets: isTrue(e.WARROOM_REQUIRE_ENV_SECRETS),
    seedDemo: e.WARROOM_SEED_DEMO === undefined || isTrue(e.WARROOM_SEED_DEMO),
    version: e.npm_package_version ?? readPackageVersion(),
  };
  return cached;
}

/** Test hook: forget the parsed environment after changing process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
  secretsCache = undefined;
}

function isTrue(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

function readPackageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ path.join(process.cwd(), 'package.json'), 'utf8'));
    return String(pkg.version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
}

export type Secrets = { authSecret: string; secretKey: Buffer; source: 'env' | 'file' };

let secretsCache: Secrets | undefined;

/**
 * AUTH_SECRET and WARROOM_SECRET_KEY come from the environment, or from
 * data/secrets.json written on first run (lib/bootstrap/ensure-secrets.ts).
 */
export function getSecrets(): Secrets {
  if (secretsCache) return secretsCache;
  const env = getEnv();
  if (env.AUTH_SECRET && env.WARROOM_SECRET_KEY) {
    secretsCache = { authSecret: env.AUTH_SECRET, secretKey: decodeSecretKey(env.WARROOM_SECRET_KEY), source: 'env' };
    return secretsCache;
  }
  if (env.requireEnvSecrets) {
    throw new Error(
      'WARROOM_REQUIRE_ENV_SECRETS=1 but AUTH_SECRET and/or WARROOM_SECRET_KEY are not set in the environment',
    );
  }
  let file: { authSecret?: string; secretKey?: string };
  try {
    file = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ env.secretsFile, 'utf8'));
  } catch {
    throw new Error(
      `no secrets: set AUTH_SECRET and WARROOM_SECRET_KEY, or run \`npm start\` once to generate ${env.secretsFile}`,
    );
  }
  secretsCache = {
    authSecret: env.AUTH_SECRET ?? String(file.authSecret ?? ''),
    secretKey: decodeSecretKey(env.WARROOM_SECRET_KEY ?? String(file.secretKey ?? '')),
    source: 'file',
  };
  if (secretsCache.authSecret.length < 32) throw new Error(`AUTH_SECRET in ${env.secretsFile} is too short`);
  return secretsCache;
}

/** 32 bytes, given as 64 hex characters or base64. */
export function decodeSecretKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error('WARROOM_SECRET_KEY must be 32 bytes (64 hex characters or base64 of 32 bytes)');
  }
  return key;
}
