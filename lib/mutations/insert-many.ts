import crypto from 'node:crypto';
import type { Tx } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { storedValue, txStatements } from './tx-statements';

/**
 * Thousands of rows of one table, written inside the caller's transaction —
 * for the import of a long incident (10,000 timeline events, hundreds of
 * checklist items), where Prisma's createMany spent seconds compiling and
 * interpreting a query plan proportional to the rows (and `create` one per
 * row), and even a raw `$executeRawUnsafe` spent most of its time mapping
 * each of the 100,000 values (and the garbage of it, on a server with a 2 MB
 * young generation).
 *
 * So the rows go to SQLite through one prepared statement
 * (lib/mutations/tx-statements.ts) on the very connection Prisma's
 * transaction holds (lib/db.ts: one better-sqlite3
 * connection, transactions serialised on it): they commit or roll back with
 * the mutation and its one AuditEntry, and it refuses to run when no
 * transaction is open. It takes the `tx` so that it is only called where a
 * transaction the commit path opened (commitMutation or bookkeeping) is in
 * hand — never a way around the audit. The rows are Prisma's own
 * create-many input types; the columns are the model's scalar fields (the
 * schema maps no field to another column name), and values are stored as
 * the Prisma adapter stores them (times as ISO-8601 with `+00:00`, flags as
 * 1/0), what Prisma fills in filled in the same way: generated ids, `now()`
 * and `@updatedAt` times, the scalar defaults.
 * tests/integration/mutations/insert-many.test.ts reads rows written both
 * ways back through Prisma and from the file, and proves the rollback.
 * (A PostgreSQL deployment will need its own path here: a multi-row INSERT
 * through the pg driver.)
 */

type Rows = {
  TimelineEvent: Prisma.TimelineEventCreateManyInput;
  ChecklistItem: Prisma.ChecklistItemCreateManyInput;
  ActionItem: Prisma.ActionItemCreateManyInput;
};
export type BulkTable = keyof Rows;
type Row<T extends BulkTable> = Rows[T];

const COLUMNS: { [T in BulkTable]: readonly string[] } = {
  TimelineEvent: Object.values(Prisma.TimelineEventScalarFieldEnum),
  ChecklistItem: Object.values(Prisma.ChecklistItemScalarFieldEnum),
  ActionItem: Object.values(Prisma.ActionItemScalarFieldEnum),
};

/** The defaults of prisma/schema.prisma that Prisma, not SQLite, applies (ids, now(), @updatedAt) and the rest. */
const DEFAULTS: { [T in BulkTable]: (now: Date) => Partial<Record<keyof Row<T>, unknown>> } = {
  TimelineEvent: (now) => ({ recordedAt: now, data: '{}' }),
  ChecklistItem: (now) => ({ depth: 0, done: false, version: 1, createdAt: now, updatedAt: now }),
  ActionItem: (now) => ({ done: false, version: 1, createdAt: now, updatedAt: now }),
};

/** A row id where the schema says `@default(cuid())`: opaque, unique, ≤ 64 characters like every id input. */
export function newRowId(): string {
  return crypto.randomUUID();
}

/** Inserts `rows` into `table` inside `tx`'s transaction; returns how many were written. */
export async function insertMany<T extends BulkTable>(tx: Tx, table: T, rows: readonly Row<T>[]): Promise<number> {
  if (rows.length === 0) return 0;
  // The commit path's prepared statements: refused outside a transaction, prepared once.
  const sql = await txStatements(tx, `insertMany(${table})`);
  const columns = COLUMNS[table];
  const defaults = DEFAULTS[table](new Date());
  const insert = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  const values: unknown[] = new Array(columns.length);
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const given = r[column];
      values[i] = storedValue(
        given !== undefined ? given : column === 'id' ? newRowId() : (defaults[column as never] ?? null),
        `insertMany(${table}): ${column}`,
      );
    }
    sql.run(insert, values);
  }
  return rows.length;
}
