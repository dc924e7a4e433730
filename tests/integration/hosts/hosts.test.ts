import { execFile } from 'node:child_process';
import { appendFile, copyFile, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { z } from 'zod';
import type { ActionDefinition } from '@/lib/mutations/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { startTestHosts, type TestHosts } from '../../support/sshd';
import { defined } from '../../support/defined';

const run = promisify(execFile);
const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { systemActor } = await import('@/lib/audit/actor');
const hostActions = await import('@/lib/hosts/actions');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { ConnectionPool } = await import('@/lib/ssh/connection-pool');
const { exec, closeAllConnections } = await import('@/lib/ssh/exec');
const connect = await import('@/lib/hosts/connect');
const { findHostWithSecrets, toHostTarget } = await import('@/lib/hosts/host-target');
const { listHosts } = await import('@/lib/hosts/queries');

type User = { id: string; email: string; name: string; role: 'admin' | 'commander' | 'responder' | 'viewer' };
const admin: User = { id: '', email: 'admin@hosts.test', name: 'Admin', role: 'admin' };
const responder: User = { id: '', email: 'responder@hosts.test', name: 'Responder', role: 'responder' };
const pool = new ConnectionPool({ idleTimeoutMs: 1_000 });
let sshd: TestHosts;
let clientKey: string;
let encryptedClientKey: string;
const PASSPHRASE = 'staple battery 42';

// The definitions app/(console)/hosts/actions.ts wraps, as they are.
const actions = {
  add: hostActions.addHostDef,
  edit: hostActions.editHostDef,
  fetchKey: hostActions.fetchHostKeyDef,
  pin: hostActions.trustHostKeyDef,
  repin: hostActions.repinHostDef,
  test: hostActions.testHostConnectionDef,
};

// Results are read loosely here (r.data.id, r.error.message); the definitions themselves are the real ones.
const call = <S extends z.ZodType, T, P>(
  def: ActionDefinition<S, T, P>,
  user: User | null,
  raw: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> => executeAction(def, user, raw);

async function lastAudit(action?: string) {
  return db.auditEntry.findFirst({ where: action ? { action } : {}, orderBy: { seq: 'desc' } });
}

async function sshKeygenFingerprint(pubPath: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-lf', pubPath]);
  return defined(stdout.split(' ')[1], 'fingerprint');
}

/** Every byte SQLite has written: the main file and the write-ahead log. */
function databaseBytes(): Buffer {
  const parts = [readFileSync(dbPath)];
  if (existsSync(`${dbPath}-wal`)) parts.push(readFileSync(`${dbPath}-wal`));
  return Buffer.concat(parts);
}

function markerPath(name: string): string {
  return `/tmp/warroom-hosts-marker-${name}-${process.pid}-${Date.now()}`;
}

beforeAll(async () => {
  sshd = await startTestHosts(2);
  clientKey = await readFile(sshd.clientKeyPath, 'utf8');
  const encryptedPath = join(sshd.dir, 'client_encrypted');
  await copyFile(sshd.clientKeyPath, encryptedPath);
  await run('ssh-keygen', ['-q', '-p', '-f', encryptedPath, '-P', '', '-N', PASSPHRASE]);
  encryptedClientKey = await readFile(encryptedPath, 'utf8');
  for (const user of [admin, responder]) {
    const { data } = await addUser(
      systemActor('system:startup'),
      CreateUserInput.parse({ email: user.email, role: user.role, password: 'correct-horse-1' }),
    );
    user.id = data.id;
  }
});

afterAll(async () => {
  await pool.closeAll();
  await closeAllConnections();
  await sshd?.stop();
  await closeDb();
});

const form = (over: Record<string, unknown> = {}) => ({
  name: 'web-1',
  address: '127.0.0.1',
  port: String(sshd.host(0).port),
  username: 'warroom-test',
  tags: 'frontend, prod',
  serviceManager: 'systemd',
  privateKey: clientKey,
  ...over,
});

describe('host inventory against a real sshd', () => {
  let hostId: string;

  it('stores a pasted private key as ciphertext only', async () => {
    const r = await call(actions.add, admin, form());
    expect(r).toMatchObject({ ok: true, data: { name: 'web-1', generated: false } });
    hostId = r.data.id;
    expect(r.data.publicKey).toBe(
      (await readFile(`${sshd.clientKeyPath}.pub`, 'utf8')).split(' ').slice(0, 2).join(' '),
    );

    const raw = new Database(dbPath, { readonly: true });
    const row = raw.prepare('SELECT * FROM "Host" WHERE id = ?').get(hostId) as Record<string, unknown>;
    raw.close();
    expect(String(row.privateKeyEncrypted)).toMatch(/^v1\./);
    expect(row.passphraseEncrypted).toBeNull();
    expect(row).toMatchObject({ tags: 'frontend,prod', hostKeyPin: null, port: sshd.host(0).port });

    const bytes = databaseBytes();
    expect(bytes.includes(clientKey)).toBe(false);
    // No fragment either: every base64 line of the key body is absent.
    for (const line of clientKey.split('\n').filter((l) => l.length > 40)) expect(bytes.includes(line)).toBe(false);

    const audit = await lastAudit('host.create');
    expect(audit?.payload).toContain('"source":"pasted"');
    expect(audit?.payload).not.toContain('PRIVATE KEY');
  });

  it('never returns the key from a query', async () => {
    const list = await listHosts();
    expect(list).toHaveLength(1);
    const [row] = list;
    expect(Object.keys(defined(row, 'host row'))).not.toContain('privateKeyEncrypted');
    expect(Object.keys(defined(row, 'host row'))).not.toContain('passphraseEncrypted');
    const text = JSON.stringify(list);
    expect(text).not.toContain('v1.');
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('refuses an unpinned host before connecting, and audits the refusal', async () => {
    const before = await lastAudit();
    const r = await call(actions.test, admin, { hostId });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden:host-key-unknown' } });
    expect(r.error.message).toMatch(/^HOST_KEY_UNKNOWN: web-1 has no trusted host key/);
    const audit = await lastAudit();
    expect(audit!.seq).toBe(before!.seq + 1);
    expect(audit).toMatchObject({ action: 'host.key-refused', targetId: hostId, actorEmail: admin.email });
    expect(JSON.parse(audit!.payload)).toMatchObject({ reason: 'not-pinned', code: 'HOST_KEY_UNKNOWN', via: 'test' });
    const host = await db.host.findUnique({ where: { id: hostId }, select: { lastTestAt: true } });
    expect(host?.lastTestAt).toBeNull();
  });

  it('fetches the host key without saving it: the fingerprint is what ssh-keygen -lf prints', async () => {
    const expected = await sshKeygenFingerprint(sshd.hostKeyPubPath(0));
    const r = await call(actions.fetchKey, admin, { hostId });
    expect(r).toEqual({ ok: true, data: { hostId, keyType: 'ssh-ed25519', fingerprint: expected, pinned: null } });
    expect((await db.host.findUnique({ where: { id: hostId }, select: { hostKeyPin: true } }))?.hostKeyPin).toBeNull();
    expect((await lastAudit())?.action).toBe('host.fetch-key');
  });

  it('refuses to pin a fingerprint other than the one the host presents, and audits it', async () => {
    const wrong = 'SHA256:' + 'A'.repeat(43);
    const r = await call(actions.pin, admin, { hostId, fingerprint: wrong });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict:host-key' } });
    expect(r.error.message).toContain(`not the ${wrong} you confirmed`);
    const audit = await lastAudit();
    expect(audit?.action).toBe('host.key-refused');
    expect(JSON.parse(audit!.payload)).toMatchObject({
      reason: 'confirm-mismatch',
      hostKey: { expected: wrong, actual: sshd.host(0).hostKeyPin },
    });
    expect((await db.host.findUnique({ where: { id: hostId }, select: { hostKeyPin: true } }))?.hostKeyPin).toBeNull();
  });

  it('pins the confirmed key, then tests the connection: id runs as warroom-test', async () => {
    const pin = sshd.host(0).hostKeyPin!;
    const r = await call(actions.pin, admin, { hostId, fingerprint: pin });
    expect(r).toMatchObject({ ok: true, data: { fingerprint: pin, previous: null } });
    expect(
      await db.host.findUnique({
        where: { id: hostId },
        select: { hostKeyPin: true, hostKeyType: true, pinnedById: true },
      }),
    ).toEqual({
      hostKeyPin: pin,
      hostKeyType: 'ssh-ed25519',
      pinnedById: admin.id,
    });
    expect((await lastAudit())?.action).toBe('host.pin');
    expect(await call(actions.pin, admin, { hostId, fingerprint: pin })).toMatchObject({
      ok: false,
      error: { code: 'conflict:host-pinned' },
    });

    const t = await call(actions.test, admin, { hostId });
    expect(t).toMatchObject({ ok: true, data: { status: 'succeeded', code: 'OK', ok: true } });
    expect(t.data.output).toMatch(/^uid=\d+\(warroom-test\)/);
    const audit = await lastAudit();
    expect(audit?.action).toBe('host.test');
    expect(JSON.parse(audit!.payload)).toMatchObject({ status: 'succeeded', code: 'OK', exitCode: 0 });
    expect(audit!.payload).not.toContain('uid=');
    const host = await db.host.findUnique({
      where: { id: hostId },
      select: { lastTestStatus: true, lastTestResult: true, lastTestMs: true },
    });
    expect(host).toMatchObject({
      lastTestStatus: 'succeeded',
      lastTestResult: expect.stringMatching(/^uid=\d+\(warroom-test\)/),
    });
    expect(host!.lastTestMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses a swapped host key: HOST_KEY_CHANGED on screen, host.key-refused audited, and a marker never runs', async () => {
    const oldPin = sshd.host(0).hostKeyPin!;
    const newPin = await sshd.restartWithNewHostKey(0);
    const before = await lastAudit();

    const t = await call(actions.test, admin, { hostId });
    expect(t).toMatchObject({
      ok: true,
      data: {
        status: 'host_key_changed',
        code: 'HOST_KEY_CHANGED',
        ok: false,
        hostKey: { expected: oldPin, actual: newPin, keyType: 'ssh-ed25519' },
      },
    });
    // The intent (what was about to run, where) committed before connecting; the refusal is its outcome.
    const intent = await db.auditEntry.findUniqueOrThrow({ where: { seq: before!.seq + 1 } });
    expect(intent).toMatchObject({ action: 'host.test.intent', targetId: hostId, actorEmail: admin.email });
    expect(JSON.parse(intent.payload)).toMatchObject({ name: 'web-1', command: 'id', username: 'warroom-test' });
    const audit = await lastAudit();
    expect(audit!.seq).toBe(before!.seq + 2);
    expect(audit?.action).toBe('host.key-refused');
    expect(JSON.parse(audit!.payload)).toMatchObject({
      via: 'test',
      code: 'HOST_KEY_CHANGED',
      hostKey: { expected: oldPin, actual: newPin },
      intentSeq: intent.seq,
    });
    // A host is not an incident: audited, never on a timeline.
    expect(await db.timelineEvent.count({ where: { auditSeq: audit!.seq } })).toBe(0);
    expect(
      (await db.host.findUnique({ where: { id: hostId }, select: { lastTestStatus: true } }))?.lastTestStatus,
    ).toBe('host_key_changed');

    const marker = markerPath('swapped');
    const target = await connect.loadHostTarget(hostId);
    const result = await exec(target, `touch ${marker}`, { timeoutMs: 10_000 }, pool);
    expect(result.status).toBe('host_key_changed');
    expect(existsSync(marker)).toBe(false);
  });

  it('re-pins only from the pin the admin saw, audits old → new, and the host works again', async () => {
    const oldPin = sshd.host(0).hostKeyPin!;
    const newPin = await sshKeygenFingerprint(sshd.hostKeyPubPath(0));
    const fetched = await call(actions.fetchKey, admin, { hostId });
    expect(fetched.data).toMatchObject({ fingerprint: newPin, pinned: oldPin });

    expect(await call(actions.pin, admin, { hostId, fingerprint: newPin })).toMatchObject({
      ok: false,
      error: { code: 'conflict:host-pinned' },
    });
    const stale = await call(actions.repin, admin, {
      hostId,
      previousFingerprint: 'SHA256:' + 'B'.repeat(43),
      fingerprint: newPin,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict:host-pin-changed' } });

    const r = await call(actions.repin, admin, { hostId, previousFingerprint: oldPin, fingerprint: newPin });
    expect(r).toMatchObject({ ok: true, data: { previous: oldPin, fingerprint: newPin } });
    const audit = await lastAudit();
    expect(audit?.action).toBe('host.repin');
    expect(JSON.parse(audit!.payload)).toMatchObject({ from: oldPin, to: newPin });

    const marker = markerPath('repinned');
    const ok = await exec(
      await connect.loadHostTarget(hostId),
      `touch ${marker}; echo done`,
      { timeoutMs: 10_000 },
      pool,
    );
    expect(ok.stdout).toBe('done\n');
    await rm(marker, { force: true });
    expect((await call(actions.test, admin, { hostId })).data.status).toBe('succeeded');
  });

  it('a ciphertext copied onto another row fails to decrypt', async () => {
    const other = await call(actions.add, admin, form({ name: 'web-2', port: String(sshd.host(1).port) }));
    expect(other.ok).toBe(true);
    const raw = new Database(dbPath);
    raw
      .prepare(
        'UPDATE "Host" SET "privateKeyEncrypted" = (SELECT "privateKeyEncrypted" FROM "Host" WHERE id = ?) WHERE id = ?',
      )
      .run(hostId, other.data.id);
    raw.close();
    const row = await findHostWithSecrets(other.data.id);
    expect(() => toHostTarget(row)).toThrow(expect.objectContaining({ code: 'secret:decrypt-failed' }));
    // Pinned or not, the app says what is wrong without showing either key.
    await db.host.update({ where: { id: other.data.id }, data: { hostKeyPin: sshd.host(1).hostKeyPin } });
    const t = await call(actions.test, admin, { hostId: other.data.id });
    expect(t).toMatchObject({ ok: false, error: { code: 'conflict:host-secret' } });
    expect(t.error.message).toMatch(/cannot be decrypted/);
    // The original row still decrypts.
    expect(toHostTarget(await findHostWithSecrets(hostId)).privateKey).toBe(clientKey);
  });

  it('stores an encrypted key with its passphrase, both as ciphertext, and connects with them', async () => {
    const r = await call(
      actions.add,
      admin,
      form({ name: 'web-3', port: String(sshd.host(1).port), privateKey: encryptedClientKey, passphrase: PASSPHRASE }),
    );
    expect(r.ok).toBe(true);
    const bytes = databaseBytes();
    expect(bytes.includes(PASSPHRASE)).toBe(false);
    expect(bytes.includes(encryptedClientKey)).toBe(false);
    expect((await lastAudit('host.create'))?.payload).toContain('"passphrase":true');
    expect((await lastAudit('host.create'))?.payload).not.toContain(PASSPHRASE);
    const key = await call(actions.fetchKey, admin, { hostId: r.data.id });
    expect((await call(actions.pin, admin, { hostId: r.data.id, fingerprint: key.data.fingerprint })).ok).toBe(true);
    const t = await call(actions.test, admin, { hostId: r.data.id });
    expect(t.data).toMatchObject({ status: 'succeeded' });
  });

  it('generates an ed25519 key whose public half, once installed, lets the host in', async () => {
    const r = await call(
      actions.add,
      admin,
      form({ name: 'web-4', port: String(sshd.host(1).port), privateKey: '', generate: 'true' }),
    );
    expect(r).toMatchObject({
      ok: true,
      data: { generated: true, publicKey: expect.stringMatching(/^ssh-ed25519 AAAA\S+ warroom-web-4$/) },
    });
    const generated = toHostTarget(await findHostWithSecrets(r.data.id)).privateKey;
    expect(databaseBytes().includes(generated)).toBe(false);
    const key = await call(actions.fetchKey, admin, { hostId: r.data.id });
    await call(actions.pin, admin, { hostId: r.data.id, fingerprint: key.data.fingerprint });

    const refused = await call(actions.test, admin, { hostId: r.data.id });
    expect(refused.data).toMatchObject({ status: 'auth_failed', code: 'AUTH_FAILED' });
    expect(refused.data.hint).toContain('~warroom-test/.ssh/authorized_keys');

    await appendFile(join(sshd.dir, 'authorized_keys'), `${r.data.publicKey}\n`);
    const t = await call(actions.test, admin, { hostId: r.data.id });
    expect(t.data).toMatchObject({ status: 'succeeded' });
  });

  it('edits a host: the audit names the fields changed, never the key; a taken name is refused', async () => {
    const clash = await call(actions.edit, admin, { ...form({ name: 'web-2' }), privateKey: '', hostId });
    expect(clash).toMatchObject({
      ok: false,
      error: { code: 'conflict:host-name', fieldErrors: { name: ['already in use'] } },
    });

    const r = await call(actions.edit, admin, { ...form({ tags: 'frontend', privateKey: clientKey }), hostId });
    expect(r).toMatchObject({ ok: true, data: { changed: ['tags', 'privateKey'] } });
    const audit = await lastAudit('host.update');
    expect(JSON.parse(audit!.payload)).toMatchObject({ changed: ['tags', 'privateKey'], key: { source: 'pasted' } });
    expect(audit!.payload).not.toContain('PRIVATE KEY');
    // A re-key makes the last test stale; the pin stays.
    const host = await db.host.findUnique({
      where: { id: hostId },
      select: { lastTestStatus: true, hostKeyPin: true },
    });
    expect(host).toEqual({ lastTestStatus: null, hostKeyPin: expect.stringMatching(/^SHA256:/) });

    const same = await call(actions.edit, admin, { ...form({ tags: 'frontend' }), privateKey: '', hostId });
    expect(same).toMatchObject({ ok: false, error: { code: 'conflict:host-unchanged' } });
  });

  it('names bad input and stores nothing; other roles are refused', async () => {
    const count = await db.host.count();
    const bad = await call(actions.add, admin, form({ name: 'web-9', address: 'not a host', port: '70000' }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(Object.keys(bad.error.fieldErrors).sort()).toEqual(['address', 'port']);
    const badKey = await call(actions.add, admin, form({ name: 'web-9', privateKey: clientKey.slice(0, 200) }));
    expect(badKey.error.fieldErrors.privateKey[0]).toMatch(/^The private key could not be read/);
    expect(await call(actions.add, responder, form({ name: 'web-9' }))).toMatchObject({
      ok: false,
      error: { code: 'forbidden:host:manage' },
    });
    expect(await call(actions.test, responder, { hostId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden:host:manage' },
    });
    expect(await call(actions.add, null, form({ name: 'web-9' }))).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await db.host.count()).toBe(count);
  });

  it('leaves a verifiable audit chain with no secret in any payload or timeline event', async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    const payloads = (await db.auditEntry.findMany({ select: { payload: true } })).map((a) => a.payload).join('\n');
    const events = (await db.timelineEvent.findMany({ select: { summary: true, data: true } }))
      .map((e) => e.summary + e.data)
      .join('\n');
    for (const text of [payloads, events]) {
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain(PASSPHRASE);
      expect(text).not.toMatch(/v1\.[\w-]{16}\./);
    }
    const actionsSeen = new Set(
      (await db.auditEntry.findMany({ where: { targetType: 'host' }, select: { action: true } })).map((a) => a.action),
    );
    expect([...actionsSeen].sort()).toEqual([
      'action.failed',
      'host.create',
      'host.fetch-key',
      'host.fetch-key.intent',
      'host.key-refused',
      'host.pin',
      'host.pin.intent',
      'host.repin',
      'host.repin.intent',
      'host.test',
      'host.test.intent',
      'host.update',
    ]);
  });
});
