import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { migrateOpenDatabase, readMigrations } from '@/lib/db/migrate';
import { applyPragmas } from '@/lib/db/sqlite-pragmas';
import { GENESIS_HASH, auditHash, canonicalJson, type AuditFields } from '@/lib/audit/hash';

/**
 * Every audit entry names its actor. A database that already holds entries
 * written before named actors (actorEmail NULL) keeps them exactly as they
 * were: the chain still verifies, and everything written after names who did
 * it — start-up, the cadence watcher, a user.
 */
const NAMED_ACTOR_MIGRATION = '20261201080000_audit_named_actor';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-actors-'));
const dbPath = path.join(dir, 'warroom.db');
Object.assign(process.env, {
  WARROOM_DATA_DIR: dir,
  DATABASE_URL: `file:${dbPath}`,
  AUTH_SECRET: crypto.randomBytes(32).toString('hex'),
  WARROOM_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
  WARROOM_LOG_LEVEL: 'silent',
  WARROOM_SEED_DEMO: '1',
});
resetEnvForTests();

// The database as an older warroom left it: migrated up to before named actors, with two anonymous entries.
const legacy: AuditFields[] = [1, 2].map((seq) => ({
  seq,
  at: `2026-01-0${seq}T09:00:00.000Z`,
  actorId: null,
  actorEmail: null,
  action: 'user.create',
  targetType: 'user',
  targetId: `legacy-${seq}`,
  payload: canonicalJson({ email: `legacy${seq}@tms.test`, role: 'viewer' }),
}));
{
  const raw = new Database(dbPath);
  applyPragmas(raw);
  const all = readMigrations();
  migrateOpenDatabase(
    raw,
    all.filter((m) => m.name < NAMED_ACTOR_MIGRATION),
  );
  let prev = GENESIS_HASH;
  const insert = raw.prepare(
    `INSERT INTO "AuditEntry" (seq, at, actorId, actorEmail, action, targetType, targetId, payload, prevHash, hash)
     VALUES (@seq, @at, @actorId, @actorEmail, @action, @targetType, @targetId, @payload, @prevHash, @hash)`,
  );
  for (const fields of legacy) {
    const hash = auditHash(prev, fields);
    // Prisma stores DateTime in SQLite as epoch milliseconds.
    insert.run({ ...fields, at: Date.parse(fields.at), prevHash: prev, hash });
    prev = hash;
  }
  migrateOpenDatabase(raw, all);
  raw.close();
}

const { db, closeDb } = await import('@/lib/db');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { ensureAdmin } = await import('@/lib/bootstrap/ensure-admin');
const { seedDemoIncident } = await import('@/lib/incidents/seed-demo');
const { recordMissedCadences } = await import('@/lib/comms/cadence-watch');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { addNoteDef } = await import('@/lib/incidents/actions');

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('named actors', () => {
  it('the older anonymous entries still verify as they are', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 2 });
  });

  it('start-up, the cadence watcher and a user each name themselves', async () => {
    const quiet = () => {};
    expect(await ensureAdmin(quiet)).toBe('created');
    await seedDemoIncident(quiet);
    const incident = await db.incident.findFirstOrThrow({ select: { id: true } });
    const missed = await recordMissedCadences(new Date(Date.now() + 24 * 3600_000));
    expect(missed.length).toBeGreaterThan(0);
    const admin = await db.user.findFirstOrThrow({ where: { role: 'admin' } });
    const note = await executeAction(
      addNoteDef,
      { id: admin.id, email: admin.email, name: admin.name, role: 'admin' },
      { incidentId: incident.id, text: 'Paged the database on-call.' },
    );
    expect(note.ok).toBe(true);

    const rows = await db.auditEntry.findMany({
      where: { seq: { gt: 2 } },
      orderBy: { seq: 'asc' },
      select: { action: true, actorId: true, actorEmail: true },
    });
    expect(rows).toEqual([
      { action: 'user.create', actorId: null, actorEmail: 'system:startup' },
      { action: 'incident.import', actorId: null, actorEmail: 'system:startup' },
      ...missed.map(() => ({ action: 'comms.cadence-missed', actorId: null, actorEmail: 'system:cadence-watch' })),
      { action: 'incident.note', actorId: admin.id, actorEmail: admin.email },
    ]);
    // The only nameless entries are the two written before names existed.
    expect(await db.auditEntry.count({ where: { actorEmail: null } })).toBe(2);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: rows.length + 2 });
  });
});
