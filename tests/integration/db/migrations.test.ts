import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_TABLE, migrateDatabase, readMigrations } from '@/lib/db/migrate';
import { applyPragmas, readPragmas } from '@/lib/db/sqlite-pragmas';
import { schemaDrift } from '../../support/schema-drift';

const dirs: string[] = [];
function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-mig-'));
  dirs.push(dir);
  return path.join(dir, 'warroom.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('produce exactly the database schema.prisma describes (no drift)', () => {
    const file = tempDb();
    migrateDatabase(file);
    const db = new Database(file, { readonly: true });
    try {
      expect(schemaDrift(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('detect drift: a database missing a column or carrying an extra index is reported', () => {
    const file = tempDb();
    migrateDatabase(file);
    const db = new Database(file);
    try {
      db.exec('ALTER TABLE "User" DROP COLUMN "disabled"');
      db.exec('CREATE INDEX "stray_idx" ON "User"("name")');
      const diffs = schemaDrift(db);
      expect(diffs).toContain('User.disabled is missing');
      expect(diffs).toContain('index stray_idx on User(name) is not in the schema');
    } finally {
      db.close();
    }
  });

  it('are idempotent and recorded, and the file runs in WAL with a busy timeout', () => {
    const file = tempDb();
    const first = migrateDatabase(file);
    const second = migrateDatabase(file);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    expect(second.applied).toEqual([]);
    const db = new Database(file);
    try {
      expect((db.prepare(`SELECT count(*) AS n FROM "${MIGRATIONS_TABLE}"`).get() as { n: number }).n).toBe(
        first.applied.length,
      );
      db.pragma('synchronous = NORMAL');
      applyPragmas(db);
      // FULL: a committed step intent survives a power cut (NORMAL in WAL mode may lose the last commits).
      expect(readPragmas(db)).toEqual({ journalMode: 'wal', busyTimeout: 5000, foreignKeys: 1, synchronous: 2 });
    } finally {
      db.close();
    }
  });

  it('refuse a migration edited after it was applied, and roll back a failing one whole', () => {
    const file = tempDb();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-migdir-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, '20260101000000_one'));
    fs.writeFileSync(path.join(dir, '20260101000000_one', 'migration.sql'), 'CREATE TABLE "A" ("id" INTEGER);');
    migrateDatabase(file, dir);
    fs.writeFileSync(path.join(dir, '20260101000000_one', 'migration.sql'), 'CREATE TABLE "A" ("id" TEXT);');
    expect(() => migrateDatabase(file, dir)).toThrow(/20260101000000_one was changed after it was applied/);

    fs.writeFileSync(path.join(dir, '20260101000000_one', 'migration.sql'), 'CREATE TABLE "A" ("id" INTEGER);');
    fs.mkdirSync(path.join(dir, '20260102000000_two'));
    fs.writeFileSync(
      path.join(dir, '20260102000000_two', 'migration.sql'),
      'CREATE TABLE "B" ("id" INTEGER); CREATE TABLE "A" ("x" INTEGER);',
    );
    expect(() => migrateDatabase(file, dir)).toThrow(/20260102000000_two failed: .*already exists/);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'B'`).get()).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
