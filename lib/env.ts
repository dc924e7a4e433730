import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { servedOverHttps } from '@/lib/auth/session-cookie';

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
  WARROOM_METRICS_TOKEN: z.string().min(24, 'WARROOM_METRICS_TOKEN must be at least 24 characters').optional(),
  WARROOM_REQUIRE_ENV_SECRETS: z.enum(['0', '1', 'true', 'false', '']).optional(),
  /** `warroom secrets rotate` with keys from the environment: the key to re-encrypt under. */
  WARROOM_NEW_SECRET_KEY: z.string().optional(),
  WARROOM_ADMIN_EMAIL: z.string().optional(),
  WARROOM_ADMIN_PASSWORD: z.string().optional(),
  WARROOM_SEED_DEMO: z.enum(['0', '1', 'true', 'false', '']).optional(),
  WARROOM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default('localhost'),
  /** Where the generated secrets and the signed audit head live: never inside the data directory. */
  WARROOM_CONFIG_DIR: z.string().min(1).optional(),
  /** Comma-separated proxy addresses / CIDRs whose X-Forwarded-For is believed. */
  WARROOM_TRUSTED_PROXIES: z.string().optional(),
  /** Generic OpenID Connect single sign-on (all three, or none). */
  WARROOM_OIDC_ISSUER: z.url('WARROOM_OIDC_ISSUER must be a URL like https://idp.example.com/').optional(),
  WARROOM_OIDC_CLIENT_ID: z.string().min(1).optional(),
  WARROOM_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  WARROOM_OIDC_NAME: z.string().min(1).max(40).default('SSO'),
  WARROOM_OIDC_DEFAULT_ROLE: z.enum(['viewer', 'responder', 'commander', 'admin']).default('viewer'),
  /** The public URL: https means Secure __Host- cookies and HSTS; also the base of links in webhook messages. */
  AUTH_URL: z.url('AUTH_URL must be the public URL, like https://warroom.example.com').optional(),
  WARROOM_HTTPS: z.enum(['0', '1', 'true', 'false', '']).optional(),
  /** Plain HTTP on every interface (not only loopback) needs this said out loud. */
  WARROOM_ALLOW_PLAIN_HTTP: z.enum(['0', '1', 'true', 'false', '']).optional(),
  WARROOM_LISTEN_HOST: z.string().min(1).optional(),
  /** Comma-separated host[:port] (or CIDR) webhooks may reach although internal, e.g. a self-hosted chat server. */
  WARROOM_WEBHOOK_ALLOW_INTERNAL: z.string().optional(),
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
  configDir: string;
  secretsFile: string;
  /** Where secrets.json lived before it moved out of the data directory (moved on start-up). */
  legacySecretsFile: string;
  requireEnvSecrets: boolean;
  https: boolean;
  trustedProxies: string[];
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string; defaultRole: string } | null;
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
  const configDir = path.resolve(e.WARROOM_CONFIG_DIR ?? defaultConfigDir(dataDir));
  const oidcVars = [e.WARROOM_OIDC_ISSUER, e.WARROOM_OIDC_CLIENT_ID, e.WARROOM_OIDC_CLIENT_SECRET];
  if (oidcVars.some(Boolean) && !oidcVars.every(Boolean)) {
    throw new Error(
      'invalid environment: single sign-on needs all of WARROOM_OIDC_ISSUER, WARROOM_OIDC_CLIENT_ID and WARROOM_OIDC_CLIENT_SECRET',
    );
  }
  if (e.WARROOM_OIDC_ISSUER && !isHttpsOrLoopback(e.WARROOM_OIDC_ISSUER)) {
    throw new Error('invalid environment: WARROOM_OIDC_ISSUER must be https:// (plain http only on loopback)');
  }
  cached = {
    ...e,
    dataDir,
    databaseUrl,
    databasePath: path.resolve(databaseUrl.replace(/^file:/, '')),
    configDir,
    secretsFile: path.join(configDir, 'secrets.json'),
    legacySecretsFile: path.join(dataDir, 'secrets.json'),
    requireEnvSecrets: isTrue(e.WARROOM_REQUIRE_ENV_SECRETS),
    https: servedOverHttps({ WARROOM_HTTPS: e.WARROOM_HTTPS, AUTH_URL: e.AUTH_URL }),
    trustedProxies: (e.WARROOM_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    oidc: e.WARROOM_OIDC_ISSUER
      ? {
          issuer: e.WARROOM_OIDC_ISSUER,
          clientId: e.WARROOM_OIDC_CLIENT_ID!,
          clientSecret: e.WARROOM_OIDC_CLIENT_SECRET!,
          name: e.WARROOM_OIDC_NAME,
          defaultRole: e.WARROOM_OIDC_DEFAULT_ROLE,
        }
      : null,
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

/**
 * ./config beside ./data; for any other data directory, a sibling named
 * after it (/var/lib/warroom → /var/lib/warroom-config), so copying the data
 * directory never copies the keys.
 */
function defaultConfigDir(dataDir: string): string {
  return path.basename(dataDir) === 'data' ? path.join(path.dirname(dataDir), 'config') : `${dataDir}-config`;
}

function isHttpsOrLoopback(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

export function isTrue(v: string | undefined): boolean {
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
 * config/secrets.json written on first run (lib/bootstrap/ensure-secrets.ts).
 */
export function getSecrets(): Secrets {
  if (secretsCache) return secretsCache;
  const env = getEnv();
  if (env.AUTH_SECRET && env.WARROOM_SECRET_KEY) {
    secretsCache = { authSecret: env.AUTH_SECRET, secretKey: decodeSecretKey(env.WARROOM_SECRET_KEY), source: 'env' };
    return secretsCache;
  }
  if (env.requireEnvSecrets) throw new Error(missingEnvSecretsMessage());
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

/**
 * The bearer token /api/metrics wants: WARROOM_METRICS_TOKEN, else the
 * `metricsToken` generated into config/secrets.json on first run. Null when
 * neither exists (then the endpoint refuses every scrape and says why).
 */
export function getMetricsToken(): string | null {
  const env = getEnv();
  if (env.WARROOM_METRICS_TOKEN) return env.WARROOM_METRICS_TOKEN;
  try {
    const file = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ env.secretsFile, 'utf8'));
    return typeof file.metricsToken === 'string' && file.metricsToken.length >= 24 ? file.metricsToken : null;
  } catch {
    return null;
  }
}

/** WARROOM_REQUIRE_ENV_SECRETS=1 and something is not in the environment: say exactly what. */
export function missingEnvSecretsMessage(): string {
  const env = getEnv();
  const missing = (['AUTH_SECRET', 'WARROOM_SECRET_KEY'] as const).filter((k) => !env[k]);
  return `WARROOM_REQUIRE_ENV_SECRETS=1: refusing to start without ${missing.join(' and ')} in the environment (nothing is generated in this mode)`;
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
