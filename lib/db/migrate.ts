import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyPragmas, assertPragmas } from './sqlite-pragmas';

/**
 * Applies prisma/migrations/<stamp>_<name>/migration.sql in order, each in
 * its own transaction, recorded in _warroom_migrations with a checksum.
 * Prisma 7's `migrate` needs an engine download this network cannot make, so
 * the app applies its own migrations at start (and `warroom migrate`).
 */
export const MIGRATIONS_TABLE = '_warroom_migrations';

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: number };

export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), 'prisma', 'migrations');
}

export function readMigrations(dir = defaultMigrationsDir()): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{14}_[a-z0-9_]+$/.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

export function migrateDatabase(databasePath: string, dir = defaultMigrationsDir()): MigrateResult {
  fs.mkdirSync(path.dirname(databasePath), { recursive: true });
  const db = new Database(databasePath);
  try {
    applyPragmas(db);
    assertPragmas(db);
    return migrateOpenDatabase(db, readMigrations(dir));
  } finally {
    db.close();
  }
}

export function migrateOpenDatabase(db: Database.Database, migrations: MigrationFile[]): MigrateResult {
  db.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "checksum" TEXT NOT NULL,
    "appliedAt" TEXT NOT NULL
  )`);
  const done = new Map(
    (db.prepare(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}"`).all() as { name: string; checksum: string }[]).map(
      (r) => [r.name, r.checksum],
    ),
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const previous = done.get(m.name);
    if (previous !== undefined) {
      if (previous !== m.checksum) {
        throw new Error(
          `migration ${m.name} was changed after it was applied (checksum mismatch); add a new migration instead`,
        );
      }
      continue;
    }
    // IMMEDIATE: take the write lock up front so two starting processes
    // cannot both apply the same migration.
    const apply = db.transaction(() => {
      const again = db.prepare(`SELECT 1 FROM "${MIGRATIONS_TABLE}" WHERE name = ?`).get(m.name);
      if (again) return false;
      db.exec(m.sql);
      db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum, appliedAt) VALUES (?, ?, ?)`).run(
        m.name,
        m.checksum,
        new Date().toISOString(),
      );
      return true;
    });
    try {
      if (apply.immediate()) applied.push(m.name);
    } catch (err) {
      throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
    }
  }
  return { applied, alreadyApplied: done.size };
}
