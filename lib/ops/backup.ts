import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from '@/lib/db/sqlite-pragmas';

export type BackupResult = { file: string; bytes: number; sha256: string; auditHead: number; pages: number };

/**
 * A consistent copy of the live database with SQLite's online backup API
 * while the app keeps writing. The whole file is copied in ONE backup step:
 * a step reads inside one read transaction, so the copy is one snapshot; in
 * small steps every commit by the app would restart the copy, and under a
 * steady write load it might never finish. In WAL mode that read does not
 * block the app's writers.
 *
 * Written beside the target and renamed into place, so a half-written file
 * never carries the backup's name; then checked (integrity_check) before
 * it is reported done.
 */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const file = path.resolve(target);
  if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
  if (path.resolve(source) === file) throw new Error('the backup file cannot be the database itself');
  if (fs.existsSync(file))
    throw new Error(`${file} already exists; choose a new file name (a backup never overwrites)`);
  if (!fs.existsSync(path.dirname(file))) throw new Error(`directory ${path.dirname(file)} does not exist`);
  const partial = `${file}.partial-${process.pid}`;
  const src = new Database(source, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const progress = await src.backup(partial, { progress: () => 0x7fffffff });
    // The copy inherits WAL mode from the header; a backup is one self-contained file.
    const dest = new Database(partial);
    dest.pragma('journal_mode = DELETE');
    dest.close();
    const check = checkBackupFile(partial);
    fs.renameSync(partial, file);
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    return { file, bytes: fs.statSync(file).size, sha256, auditHead: check.auditHead, pages: progress.totalPages };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${partial}${suffix}`, { force: true });
    throw err;
  } finally {
    src.close();
  }
}

/** integrity_check and the audit head of a database file, opened read-only. */
export function checkBackupFile(file: string): { auditHead: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length) throw new Error(`${file} fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`);
    const head = db.prepare('SELECT max(seq) AS seq FROM "AuditEntry"').get() as { seq: number | null };
    return { auditHead: Number(head.seq ?? 0) };
  } finally {
    db.close();
  }
}
