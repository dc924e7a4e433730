import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { get_dmmf } from '@prisma/prisma-schema-wasm';

/**
 * Compares a migrated SQLite database with prisma/schema.prisma, using
 * Prisma's own schema parser (its WASM build; the CLI's engine download is
 * unreachable here). Returns a list of differences; empty means no drift.
 */
type DmmfField = {
  name: string;
  kind: 'scalar' | 'object' | 'enum';
  type: string;
  dbName?: string | null;
  isRequired: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  default?: { name?: string } | unknown;
  isUpdatedAt: boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type DmmfIndex = {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string }[];
  dbName?: string | null;
};

const SQLITE_TYPE: Record<string, string> = {
  String: 'TEXT',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Float: 'REAL',
  Boolean: 'BOOLEAN',
  DateTime: 'DATETIME',
  Decimal: 'DECIMAL',
  Bytes: 'BLOB',
  Json: 'JSONB',
};
const CLIENT_SIDE_DEFAULTS = new Set(['cuid', 'uuid', 'nanoid', 'ulid']);
const IGNORED_TABLES = new Set(['_warroom_migrations', '_warroom_write_probe', 'sqlite_sequence']);

export function loadDatamodel(schemaPath = path.join(process.cwd(), 'prisma', 'schema.prisma')) {
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] })));
  return dmmf.datamodel as { models: DmmfModel[]; indexes: DmmfIndex[] };
}

export function schemaDrift(db: Database.Database, datamodel = loadDatamodel()): string[] {
  const diffs: string[] = [];
  const tables = new Set(
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[])
      .map((t) => t.name)
      .filter((n) => !IGNORED_TABLES.has(n)),
  );
  const modelTable = (m: DmmfModel) => m.dbName ?? m.name;
  const models = new Map(datamodel.models.map((m) => [m.name, m]));

  for (const model of datamodel.models) {
    const table = modelTable(model);
    if (!tables.has(table)) {
      diffs.push(`table ${table} is missing`);
      continue;
    }
    tables.delete(table);
    const cols = new Map(
      (
        db.prepare(`PRAGMA table_info("${table}")`).all() as {
          name: string;
          type: string;
          notnull: number;
          dflt_value: string | null;
          pk: number;
        }[]
      ).map((c) => [c.name, c]),
    );
    for (const f of model.fields.filter((f) => f.kind !== 'object')) {
      const colName = f.dbName ?? f.name;
      const col = cols.get(colName);
      if (!col) {
        diffs.push(`${table}.${colName} is missing`);
        continue;
      }
      cols.delete(colName);
      const want = f.kind === 'enum' ? 'TEXT' : SQLITE_TYPE[f.type];
      if (want && col.type.toUpperCase() !== want)
        diffs.push(`${table}.${colName} is ${col.type}, schema says ${want}`);
      if (Boolean(col.notnull || col.pk) !== f.isRequired)
        diffs.push(`${table}.${colName} nullability differs (schema required=${f.isRequired})`);
      if (Boolean(col.pk) !== f.isId) diffs.push(`${table}.${colName} primary key differs`);
      const defaultName = (f.default as { name?: string } | undefined)?.name;
      const dbDefault =
        f.hasDefaultValue && !CLIENT_SIDE_DEFAULTS.has(defaultName ?? '') && defaultName !== 'autoincrement';
      if (dbDefault !== (col.dflt_value !== null))
        diffs.push(`${table}.${colName} default differs (schema has default=${dbDefault})`);
    }
    for (const extra of cols.keys()) diffs.push(`${table}.${extra} exists but is not in the schema`);

    const dbIndexes = (
      db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number; origin: string }[]
    )
      .filter((i) => i.origin === 'c')
      .map((i) => ({
        name: i.name,
        unique: Boolean(i.unique),
        cols: (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name).join(','),
      }));
    const fieldCol = (name: string) => {
      const f = model.fields.find((x) => x.name === name);
      return f?.dbName ?? name;
    };
    for (const idx of datamodel.indexes.filter(
      (i) => i.model === model.name && (i.type === 'unique' || i.type === 'normal'),
    )) {
      const cols = idx.fields.map((x) => fieldCol(x.name)).join(',');
      const at = dbIndexes.findIndex((d) => d.cols === cols && d.unique === (idx.type === 'unique'));
      if (at < 0) diffs.push(`${idx.type} index on ${table}(${cols}) is missing`);
      else dbIndexes.splice(at, 1);
    }
    for (const extra of dbIndexes) diffs.push(`index ${extra.name} on ${table}(${extra.cols}) is not in the schema`);

    const fks = db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as {
      table: string;
      from: string;
      to: string;
      on_delete: string;
    }[];
    for (const rel of model.fields.filter((f) => f.kind === 'object' && f.relationFromFields?.length)) {
      const target = models.get(rel.type)!;
      const from = rel.relationFromFields!.map(fieldCol);
      const fk = fks.find((k) => from.includes(k.from) && k.table === modelTable(target));
      if (!fk) {
        diffs.push(`foreign key ${table}(${from.join(',')}) → ${modelTable(target)} is missing`);
        continue;
      }
      const wantDelete = (rel.relationOnDelete ?? (rel.isRequired ? 'Restrict' : 'SetNull'))
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toUpperCase();
      if (fk.on_delete.toUpperCase() !== wantDelete)
        diffs.push(`foreign key ${table}.${fk.from} ON DELETE is ${fk.on_delete}, schema says ${wantDelete}`);
    }
  }
  for (const extra of tables) diffs.push(`table ${extra} exists but is not in the schema`);
  return diffs;
}
