import Database from 'better-sqlite3';

/**
 * Whether another connection — another process, as far as SQLite knows —
 * can take the database's write lock right now, without waiting: false
 * while a transaction (BEGIN IMMEDIATE, lib/db.ts) is open on it.
 */
export function writeLockFree(dbPath: string): boolean {
  const other = new Database(dbPath, { timeout: 0 });
  try {
    other.prepare('BEGIN IMMEDIATE').run();
    other.prepare('ROLLBACK').run();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw err;
  } finally {
    other.close();
  }
}
