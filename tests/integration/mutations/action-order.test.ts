import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { startTestHosts, type TestHosts } from '../../support/sshd';

/**
 * The wrapper's order, proven on a real sshd: a forbidden or missing
 * resource is refused before `prepare` (a marker file on the host is never
 * created), and remote work that ran keeps its intent entry in the audit
 * log when the commit after it fails.
 */
const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { defineAction } = await import('@/lib/mutations/define-action');
const { systemActor } = await import('@/lib/audit/actor');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { addHostDef, trustHostKeyDef, testHostConnectionDef } = await import('@/lib/hosts/actions');
const { connectIntent, loadHostTarget } = await import('@/lib/hosts/connect');
const { exec, closeAllConnections } = await import('@/lib/ssh/exec');
const { forbidden, notFound } = await import('@/lib/errors');

const admin = { id: '', email: 'admin@order.test', name: 'Admin', role: 'admin' as const };
let sshd: TestHosts;
let openHostId = '';
let frozenHostId = '';
let unpinnedHostId = '';
const markers: string[] = [];

function marker(name: string): string {
  const p = `/tmp/warroom-order-marker-${name}-${process.pid}-${Date.now()}`;
  markers.push(p);
  return p;
}

/** Freezing a host (the `frozen` tag) forbids running anything on it: the resource check of this action. */
async function assertNotFrozen(reader: typeof db, hostId: string) {
  const host = await reader.host.findUnique({ where: { id: hostId }, select: { tags: true } });
  if (!host) throw notFound('host');
  if (host.tags.split(',').includes('frozen')) throw forbidden('host-run');
}

let duringPrepare: (() => Promise<void>) | null = null;

/** An action that really runs `touch <marker>` on the host in prepare. */
const touchMarker = defineAction({
  permission: 'host:manage',
  input: z.object({ hostId: z.string(), marker: z.string() }),
  authorize: ({ input, db: reader }) => assertNotFrozen(reader as typeof db, input.hostId),
  intent: ({ input, db: reader }) =>
    connectIntent(reader, input.hostId, { action: 'test.touch.intent', via: 'test', command: `touch ${input.marker}` }),
  prepare: async ({ input }) => {
    const result = await exec(await loadHostTarget(input.hostId), `touch ${input.marker}`, { timeoutMs: 10_000 });
    await duringPrepare?.();
    return result;
  },
  handler: async ({ input, prepared }) => ({
    data: { status: prepared.status },
    audit: { action: 'test.touch', targetType: 'host', targetId: input.hostId, payload: { status: prepared.status } },
  }),
});

const auditCount = () => db.auditEntry.count();
const entriesAfter = (seq: number) => db.auditEntry.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: 'asc' } });
const lastSeq = async () =>
  (await db.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } }))?.seq ?? 0;

function withTrigger(sql: string) {
  const raw = new Database(dbPath);
  raw.exec(sql);
  raw.close();
}

beforeAll(async () => {
  sshd = await startTestHosts(1);
  const { data } = await addUser(
    systemActor('system:startup'),
    CreateUserInput.parse({ email: admin.email, role: 'admin', password: 'correct-horse-1' }),
  );
  admin.id = data.id;
  const privateKey = await readFile(sshd.clientKeyPath, 'utf8');
  const host = sshd.host(0);
  const add = async (name: string, tags: string) => {
    const r = await executeAction(addHostDef, admin, {
      name,
      address: host.address,
      port: String(host.port),
      username: host.username,
      tags,
      serviceManager: 'systemd',
      privateKey,
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.data.id;
  };
  openHostId = await add('open-1', 'prod');
  frozenHostId = await add('frozen-1', 'prod,frozen');
  unpinnedHostId = await add('unpinned-1', 'prod');
  for (const hostId of [openHostId, frozenHostId]) {
    const pinned = await executeAction(trustHostKeyDef, admin, { hostId, fingerprint: host.hostKeyPin });
    if (!pinned.ok) throw new Error(pinned.error.message);
  }
});

afterEach(() => {
  duringPrepare = null;
});

afterAll(async () => {
  for (const m of markers) await rm(m, { force: true });
  await closeAllConnections();
  await sshd?.stop();
  await closeDb();
});

describe('the guarded action, in order', () => {
  it('runs prepare on an allowed host: the marker appears, intent then outcome are audited', async () => {
    const file = marker('allowed');
    const before = await lastSeq();
    const r = await executeAction(touchMarker, admin, { hostId: openHostId, marker: file });
    expect(r).toEqual({ ok: true, data: { status: 'succeeded' } });
    expect(existsSync(file)).toBe(true);
    const [intent, outcome, ...rest] = await entriesAfter(before);
    expect(rest).toEqual([]);
    expect(intent).toMatchObject({ action: 'test.touch.intent', targetId: openHostId, actorEmail: admin.email });
    expect(JSON.parse(intent!.payload)).toMatchObject({ name: 'open-1', command: `touch ${file}` });
    expect(outcome).toMatchObject({ action: 'test.touch' });
    expect(JSON.parse(outcome!.payload)).toEqual({ status: 'succeeded', intentSeq: intent!.seq });
  });

  it('refuses a forbidden resource before prepare: the marker is never created, nothing is written', async () => {
    const file = marker('forbidden');
    const count = await auditCount();
    const r = await executeAction(touchMarker, admin, { hostId: frozenHostId, marker: file });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden:host-run' } });
    expect(existsSync(file)).toBe(false);
    expect(await auditCount()).toBe(count);
  });

  it('refuses a missing resource before prepare the same way', async () => {
    const file = marker('missing');
    const count = await auditCount();
    const r = await executeAction(touchMarker, admin, { hostId: 'no-such-host', marker: file });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found:host' } });
    expect(existsSync(file)).toBe(false);
    expect(await auditCount()).toBe(count);
  });

  it('checks the resource again inside the transaction: frozen during prepare, the outcome is a refusal', async () => {
    const file = marker('frozen-meanwhile');
    const before = await lastSeq();
    duringPrepare = async () => {
      await db.host.update({ where: { id: openHostId }, data: { tags: 'prod,frozen' } });
    };
    try {
      const r = await executeAction(touchMarker, admin, { hostId: openHostId, marker: file });
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden:host-run' } });
    } finally {
      await db.host.update({ where: { id: openHostId }, data: { tags: 'prod' } });
    }
    expect(existsSync(file)).toBe(true); // it did run: that is why the intent is on record
    const entries = await entriesAfter(before);
    expect(entries.map((e) => e.action)).toEqual(['test.touch.intent', 'action.failed']);
    expect(JSON.parse(entries[1]!.payload)).toEqual({
      intent: 'test.touch.intent',
      intentSeq: entries[0]!.seq,
      error: 'forbidden:host-run',
    });
  });

  it('keeps the intent entry when the commit after prepare fails', async () => {
    const file = marker('commit-fails');
    const before = await lastSeq();
    withTrigger(`CREATE TRIGGER fail_touch BEFORE INSERT ON "AuditEntry" WHEN NEW.action = 'test.touch'
                 BEGIN SELECT RAISE(ABORT, 'audit volume full'); END;`);
    try {
      await expect(executeAction(touchMarker, admin, { hostId: openHostId, marker: file })).rejects.toThrow(
        'audit volume full',
      );
    } finally {
      withTrigger('DROP TRIGGER fail_touch');
    }
    expect(existsSync(file)).toBe(true);
    const entries = await entriesAfter(before);
    expect(entries.map((e) => e.action)).toEqual(['test.touch.intent', 'action.failed']);
    expect(entries[0]).toMatchObject({ targetType: 'host', targetId: openHostId, actorEmail: admin.email });
    expect(JSON.parse(entries[0]!.payload)).toMatchObject({ command: `touch ${file}`, username: 'warroom-test' });
    expect(JSON.parse(entries[1]!.payload)).toMatchObject({ intentSeq: entries[0]!.seq, error: 'internal' });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('a real action too: "Test connection" whose commit fails leaves host.test.intent on record', async () => {
    const before = await lastSeq();
    withTrigger(`CREATE TRIGGER fail_test BEFORE INSERT ON "AuditEntry" WHEN NEW.action = 'host.test'
                 BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
    try {
      await expect(executeAction(testHostConnectionDef, admin, { hostId: openHostId })).rejects.toThrow();
    } finally {
      withTrigger('DROP TRIGGER fail_test');
    }
    const entries = await entriesAfter(before);
    expect(entries.map((e) => e.action)).toEqual(['host.test.intent', 'action.failed']);
    expect(JSON.parse(entries[0]!.payload)).toMatchObject({ name: 'open-1', command: 'id' });
    const host = await db.host.findUniqueOrThrow({ where: { id: openHostId }, select: { lastTestAt: true } });
    expect(host.lastTestAt).toBeNull(); // the change rolled back with its audit entry
  });

  it('a real action refuses an untrusted host before connecting: the refusal is audited, no intent', async () => {
    const before = await lastSeq();
    const r = await executeAction(testHostConnectionDef, admin, { hostId: unpinnedHostId });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden:host-key-unknown' } });
    const entries = await entriesAfter(before);
    expect(entries.map((e) => e.action)).toEqual(['host.key-refused']);
    expect(JSON.parse(entries[0]!.payload)).toMatchObject({ reason: 'not-pinned', code: 'HOST_KEY_UNKNOWN' });
  });

  it('runs revalidate only after commit, and not for a refused action', async () => {
    const seen: { paths: string[]; committed: boolean }[] = [];
    const after = {
      revalidate: (paths: string[]) => {
        // Read outside the action's transaction: the change must already be visible.
        const raw = new Database(dbPath, { readonly: true });
        const committed = Boolean(raw.prepare('SELECT 1 FROM "Host" WHERE name = ?').get('late-1'));
        raw.close();
        seen.push({ paths, committed });
      },
    };
    const privateKey = await readFile(sshd.clientKeyPath, 'utf8');
    const form = {
      name: 'late-1',
      address: '127.0.0.1',
      port: '22',
      username: 'x',
      tags: '',
      serviceManager: 'systemd',
      privateKey,
    };
    expect((await executeAction(addHostDef, admin, form, after)).ok).toBe(true);
    expect(await executeAction(addHostDef, admin, form, after)).toMatchObject({
      ok: false,
      error: { code: 'conflict:host-name' },
    });
    expect(seen).toEqual([{ paths: ['/hosts'], committed: true }]);
  });

  it('leaves no audit entry without an actor, and the database refuses one', async () => {
    expect(await db.auditEntry.count({ where: { OR: [{ actorEmail: null }, { actorEmail: '' }] } })).toBe(0);
    const raw = new Database(dbPath);
    try {
      expect(() =>
        raw
          .prepare(
            `INSERT INTO "AuditEntry" (seq, at, actorId, actorEmail, action, targetType, payload, prevHash, hash)
             VALUES (999999, '2026-01-01T00:00:00.000Z', NULL, NULL, 'x', 'x', '{}', 'p', 'h')`,
          )
          .run(),
      ).toThrow(/audit entry without an actor/);
    } finally {
      raw.close();
    }
  });
});
