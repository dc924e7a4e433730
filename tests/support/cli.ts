import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway data dir and the environment the real CLI needs to use it. */
export function tempCliEnv(prefix: string, extra: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dbPath = path.join(dir, 'warroom.db');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WARROOM_DATA_DIR: dir,
    // Beside the data in tests only: each test's keys and signed head stay its own.
    WARROOM_CONFIG_DIR: path.join(dir, 'config'),
    DATABASE_URL: `file:${dbPath}`,
    AUTH_SECRET: crypto.randomBytes(32).toString('hex'),
    WARROOM_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    WARROOM_LOG_LEVEL: 'silent',
    ...extra,
  };
  return { dir, dbPath, env, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `npm run -s warroom -- …` exactly as a person types it. */
export function runCli(env: NodeJS.ProcessEnv, args: string[], input = '') {
  const r = spawnSync('npm', ['run', '-s', 'warroom', '--', ...args], {
    env,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
