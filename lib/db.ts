import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type Database from 'better-sqlite3';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { getEnv } from '@/lib/env';
import { BUSY_TIMEOUT_MS, applyPragmas, assertPragmas } from '@/lib/db/sqlite-pragmas';

/**
 * One Prisma client per process (a globalThis singleton, so dev reloads and
 * Next's separate bundles share it).
 *
 * The better-sqlite3 adapter serialises transactions behind a mutex on one
 * connection and opens them with a deferred BEGIN. Every transaction here is
 * a write, so we open it IMMEDIATE: the write lock is taken (waiting up to
 * busy_timeout for another process) before the first read, and a stale read
 * snapshot can never turn into SQLITE_BUSY at commit time.
 */
type Holder = { client: PrismaClient; raw?: Database.Database; ready: Promise<void> };
const globalForDb = globalThis as unknown as { __warroomDb?: Holder };

class ImmediateSqlite extends PrismaBetterSqlite3 {
  constructor(
    url: string,
    private readonly onRaw: (raw: Database.Database) => void,
  ) {
    super({ url, timeout: BUSY_TIMEOUT_MS });
  }
  override async connect() {
    const adapter = await super.connect();
    const raw = (adapter as unknown as { client: Database.Database }).client;
    applyPragmas(raw);
    assertPragmas(raw);
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql)) as typeof raw.prepare;
    this.onRaw(raw);
    return adapter;
  }
}

function create(): Holder {
  const holder = {} as Holder;
  const adapter = new ImmediateSqlite(getEnv().databaseUrl, (raw) => {
    holder.raw = raw;
  });
  holder.client = new PrismaClient({ adapter });
  holder.ready = holder.client.$connect();
  return holder;
}

function holder(): Holder {
  globalForDb.__warroomDb ??= create();
  return globalForDb.__warroomDb;
}

/** The Prisma client. Only lib/** imports this. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const client = holder().client;
    const value = Reflect.get(client, prop, client);
    return typeof value === 'function' ? value.bind(client) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** The underlying connection, for pragma read-back and health checks. */
export async function rawConnection(): Promise<Database.Database> {
  const h = holder();
  await h.ready;
  if (!h.raw) throw new Error('database connection not open');
  return h.raw;
}

export async function closeDb(): Promise<void> {
  const h = globalForDb.__warroomDb;
  if (!h) return;
  globalForDb.__warroomDb = undefined;
  await h.client.$disconnect();
}

/**
 * The health check's write probe (lib/health.ts runs it through bookkeeping()):
 * a row with a blob larger than a page, so it needs fresh pages from the free
 * list or the end of the file, committed, then deleted. Reads keep working
 * on a full disk, so only a real write can tell. Raw SQL lives here, beside
 * the connection, because the probe table is not part of the schema.
 */
export async function writeProbeRow(tx: Tx, bytes: number): Promise<void> {
  await tx.$executeRawUnsafe(
    'CREATE TABLE IF NOT EXISTS "_warroom_write_probe" ("id" INTEGER PRIMARY KEY, "at" TEXT NOT NULL, "pad" BLOB)',
  );
  await tx.$executeRawUnsafe(
    `INSERT OR REPLACE INTO "_warroom_write_probe" ("id", "at", "pad") VALUES (1, ?, zeroblob(${Math.trunc(bytes)}))`,
    new Date().toISOString(),
  );
  await tx.$executeRawUnsafe('DELETE FROM "_warroom_write_probe"');
}
