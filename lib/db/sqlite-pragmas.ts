import type Database from 'better-sqlite3';

/**
 * WAL lets readers work while one writer commits; busy_timeout makes a
 * writer wait for another process's lock instead of failing with
 * SQLITE_BUSY; foreign_keys is off by default in SQLite. synchronous = FULL:
 * under NORMAL a power cut can undo the last commits in WAL mode, and a
 * playbook step's intent must be on disk before its command leaves for the
 * host (bench/playbook prints what it costs per step).
 */
export const BUSY_TIMEOUT_MS = 5000;

export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL');
}

export type PragmaReadback = { journalMode: string; busyTimeout: number; foreignKeys: number; synchronous: number };

export function readPragmas(db: Database.Database): PragmaReadback {
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    busyTimeout: Number(db.pragma('busy_timeout', { simple: true })),
    foreignKeys: Number(db.pragma('foreign_keys', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
  };
}

/** Boot refuses to run on a database that did not take the settings. */
export function assertPragmas(db: Database.Database): PragmaReadback {
  const p = readPragmas(db);
  const problems: string[] = [];
  if (p.journalMode.toLowerCase() !== 'wal') problems.push(`journal_mode is ${p.journalMode}, expected wal`);
  if (p.busyTimeout < BUSY_TIMEOUT_MS)
    problems.push(`busy_timeout is ${p.busyTimeout}, expected >= ${BUSY_TIMEOUT_MS}`);
  if (p.foreignKeys !== 1) problems.push('foreign_keys is off');
  // 2 = FULL (0 OFF, 1 NORMAL, 3 EXTRA).
  if (p.synchronous < 2) problems.push(`synchronous is ${p.synchronous}, expected FULL (2)`);
  if (problems.length) throw new Error(`SQLite settings not applied: ${problems.join('; ')}`);
  return p;
}
