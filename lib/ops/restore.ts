import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { MIGRATIONS_TABLE, migrateDatabase, readMigrations } from '@/lib/db/migrate';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { cliActor } from '@/lib/audit/actor';
import { closeDb } from '@/lib/db';
import { auditHead, writeAnchor, type AuditHead } from '@/lib/audit/anchor';
import { verifyAuditChain } from '@/lib/audit/verify-audit';
import { checkBackupFile } from './backup';
import { runningServerPid } from './pid-file';

export type RestoreResult = {
  restoredHead: AuditHead | null;
  replacedHead: AuditHead | null;
  keptAt: string | null;
  appliedMigrations: string[];
  sha256: string;
};

/**
 * Replaces the database with a backup, refusing anything it cannot vouch
 * for: never while the server runs (its open connection would keep writing
 * to the replaced file), never a file that fails integrity_check, carries
 * migrations this version does not know, or whose audit chain does not
 * verify. The replaced database is kept beside it, never deleted. The
 * restored head is recorded as a signed checkpoint (lib/audit/anchor.ts) and
 * the restore itself is the first new audit entry.
 */
export async function restoreDatabase(opts: {
  backupFile: string;
  databasePath: string;
  dataDir: string;
  now?: Date;
}): Promise<RestoreResult> {
  const { databasePath, dataDir } = opts;
  const backupFile = path.resolve(opts.backupFile);
  const pid = runningServerPid(dataDir);
  if (pid !== null) {
    throw new Error(
      `warroom is running (PID ${pid}, ${path.join(dataDir, 'warroom.pid')}); stop it first (systemctl stop warroom), then restore`,
    );
  }
  if (!fs.existsSync(backupFile)) throw new Error(`no backup file at ${backupFile}`);
  if (path.resolve(databasePath) === backupFile) throw new Error('the backup file is the database itself');

  // This process's own connection must not keep a handle on the file about to be replaced.
  await closeDb();
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const candidate = `${databasePath}.restoring-${stamp}`;
  fs.copyFileSync(backupFile, candidate);
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(backupFile)).digest('hex');
  let restoredHead: AuditHead | null;
  let appliedMigrations: string[];
  try {
    checkBackupFile(candidate);
    assertKnownMigrations(candidate);
    appliedMigrations = migrateDatabase(candidate).applied;
    restoredHead = await withClient(candidate, async (client) => {
      const chain = await verifyAuditChain(client);
      if (!chain.ok) throw new Error(`the backup's audit chain is broken at seq ${chain.badSeq}: ${chain.reason}`);
      return auditHead(client);
    });
  } catch (err) {
    removeDatabaseFiles(candidate);
    throw err;
  }

  let keptAt: string | null = null;
  let replacedHead: AuditHead | null = null;
  if (fs.existsSync(databasePath)) {
    replacedHead = await withClient(databasePath, (client) => auditHead(client)).catch(() => null);
    keptAt = `${databasePath}.replaced-${stamp}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(databasePath + suffix)) fs.renameSync(databasePath + suffix, keptAt + suffix);
    }
  }
  fs.renameSync(candidate, databasePath);

  // The restore is the first entry on the restored chain, then the head is anchored.
  // The person at the CLI (behind sudo when there is one) is the actor; no incident, so no timeline event.
  await commitMutation(cliActor(), async () => ({
    data: null,
    audit: {
      action: 'system.restore',
      targetType: 'database',
      targetId: null,
      payload: { backupFile, sha256, restoredHead, replacedHead, keptAt, appliedMigrations },
    },
  }));
  const head = await withClient(databasePath, (client) => auditHead(client));
  writeAnchor({ ...(head ?? { seq: 0, hash: '' }), reason: 'restore', replaced: replacedHead, backupSha256: sha256 });
  return { restoredHead, replacedHead, keptAt, appliedMigrations, sha256 };
}

function assertKnownMigrations(file: string): void {
  const known = new Map(readMigrations().map((m) => [m.name, m.checksum]));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE);
    if (!table) throw new Error(`${file} is not a warroom database (no ${MIGRATIONS_TABLE} table)`);
    const applied = db.prepare(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}"`).all() as {
      name: string;
      checksum: string;
    }[];
    const unknown = applied.filter((m) => !known.has(m.name)).map((m) => m.name);
    if (unknown.length) {
      throw new Error(
        `the backup has migrations this warroom does not know (${unknown.join(', ')}): it comes from a newer version; restore it with that version`,
      );
    }
    const changed = applied.filter((m) => known.get(m.name) !== m.checksum).map((m) => m.name);
    if (changed.length) throw new Error(`the backup's migrations ${changed.join(', ')} differ from this version's`);
  } finally {
    db.close();
  }
}

async function withClient<T>(file: string, fn: (client: PrismaClient) => Promise<T>): Promise<T> {
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }) });
  try {
    return await fn(client);
  } finally {
    await client.$disconnect();
  }
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}
