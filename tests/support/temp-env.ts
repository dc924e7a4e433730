import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resetEnvForTests } from '@/lib/env';
import { migrateDatabase } from '@/lib/db/migrate';

/** A throwaway data dir with a real, migrated SQLite file and env secrets. */
export function useTempDatabase(): { dir: string; dbPath: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-test-'));
  const dbPath = path.join(dir, 'warroom.db');
  process.env.WARROOM_DATA_DIR = dir;
  process.env.WARROOM_CONFIG_DIR = path.join(dir, 'config');
  process.env.DATABASE_URL = `file:${dbPath}`;
  process.env.AUTH_SECRET = crypto.randomBytes(32).toString('hex');
  process.env.WARROOM_SECRET_KEY = crypto.randomBytes(32).toString('hex');
  process.env.WARROOM_LOG_LEVEL = 'silent';
  resetEnvForTests();
  migrateDatabase(dbPath);
  return { dir, dbPath };
}
