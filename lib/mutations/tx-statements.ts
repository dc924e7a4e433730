import type Database from 'better-sqlite3';
import { rawConnection, type Tx } from '@/lib/db';

/**
 * Prepared statements on the connection Prisma's open transaction holds,
 * prepared once per connection and reused — for the few writes on the
 * runner's hot path: a step's intent and result and the audit link each
 * commit carries. Through Prisma each of those statements cost about 0.3 ms
 * of CPU (query compilation and interpretation, a fresh `prepare` every
 * time), several per step boundary; twenty steps on one host, or one step on
 * twenty hosts, spent more time there than on the hosts (bench/playbook.ts).
 *
 * Like insertMany it takes the `tx`, so it is only reached from inside a
 * transaction the commit path opened (commitMutation or bookkeeping) — what
 * it writes commits or rolls back with that transaction and its AuditEntry —
 * and it refuses to run when no transaction is open. The structure check
 * (scripts/structure) names the files that may use it.
 *
 * Values are stored as @prisma/adapter-better-sqlite3 stores them (times as
 * ISO-8601 with `+00:00`, flags as 1/0), so Prisma reads them back unchanged
 * (tests/integration/mutations/tx-statements.test.ts).
 * (A PostgreSQL deployment will need its own path here, as insertMany does.)
 */
export type TxStatements = {
  /** Runs a write; returns how many rows it changed. */
  run(sql: string, values?: readonly unknown[]): number;
  /** The first row of a read, or undefined. */
  get<T>(sql: string, values?: readonly unknown[]): T | undefined;
};

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export async function txStatements(_tx: Tx, what: string): Promise<TxStatements> {
  const connection = await rawConnection();
  const statement = (sql: string): Database.Statement => {
    if (!connection.inTransaction) throw new Error(`${what} outside a transaction: use commitMutation`);
    let prepared = cache.get(connection);
    if (!prepared) cache.set(connection, (prepared = new Map()));
    let s = prepared.get(sql);
    if (!s) prepared.set(sql, (s = connection.prepare(sql)));
    return s;
  };
  return {
    run: (sql, values = []) => statement(sql).run(values.map((v) => storedValue(v, what))).changes,
    get: <T>(sql: string, values: readonly unknown[] = []) =>
      statement(sql).get(values.map((v) => storedValue(v, what))) as T | undefined,
  };
}

/** A value as @prisma/adapter-better-sqlite3 writes it (its default iso8601 time format). */
export function storedValue(value: unknown, what: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  throw new Error(`${what}: a ${typeof value} is not a stored scalar`);
}
