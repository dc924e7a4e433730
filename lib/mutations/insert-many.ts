import crypto from 'node:crypto';
import type { Tx } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';

/**
 * Thousands of rows of one table, written in a few multi-row INSERT
 * statements inside the caller's transaction — for the import of a long
 * incident (10,000 timeline events, hundreds of checklist items), where
 * Prisma's createMany spent seconds compiling and interpreting one query
 * plan per call proportional to the rows (and `create` one per row).
 *
 * It takes a `tx`, so it only runs inside a transaction the commit path
 * opened (commitMutation, with the mutation's one AuditEntry, or
 * bookkeeping): it is how a handler writes many rows, never a way around the
 * audit. The rows are Prisma's own create-many input types; the columns are
 * the model's scalar fields (the schema maps no field to another column
 * name), and what Prisma would fill in is filled in here the same way:
 * generated ids, `now()` and `@updatedAt` times, the scalar defaults.
 * tests/integration/mutations/insert-many.test.ts reads rows written both
 * ways back through Prisma and compares them.
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

/**
 * SQLite allows 32,766 bound values per statement (PostgreSQL 65,535); far
 * fewer keeps each statement's argument list small for the driver.
 */
const MAX_VALUES_PER_STATEMENT = 4000;

/** A row id where the schema says `@default(cuid())`: opaque, unique, ≤ 64 characters like every id input. */
export function newRowId(): string {
  return crypto.randomUUID();
}

/** Inserts `rows` into `table` inside `tx`; returns how many were written. */
export async function insertMany<T extends BulkTable>(tx: Tx, table: T, rows: readonly Row<T>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = COLUMNS[table];
  const defaults = DEFAULTS[table](new Date());
  const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / columns.length));
  const rowPlaceholders = `(${columns.map(() => '?').join(', ')})`;
  const into = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  let written = 0;
  for (let from = 0; from < rows.length; from += perStatement) {
    const chunk = rows.slice(from, from + perStatement);
    const values: unknown[] = [];
    for (const row of chunk) {
      const r = row as Record<string, unknown>;
      for (const column of columns) {
        const given = r[column];
        values.push(given !== undefined ? given : column === 'id' ? newRowId() : (defaults[column as never] ?? null));
      }
    }
    written += await tx.$executeRawUnsafe(into + Array(chunk.length).fill(rowPlaceholders).join(', '), ...values);
  }
  return written;
}
