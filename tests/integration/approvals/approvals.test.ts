import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { defined } from '../../support/defined';
import { useTempDatabase } from '../../support/temp-env';

/**
 * The approval rules on a real SQLite file, through the same data layer
 * and action definitions the pages and the CLI use. The dry runs are built
 * by the pure dry-run builder from a real definition (no observations, so
 * no host is needed); the run-side proof against a real sshd is in
 * tests/integration/playbooks/runner.test.ts and e2e/approvals.spec.ts.
 */

const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { systemActor, cliActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { parsePlaybook } = await import('@/lib/playbooks/parse-playbook');
const { validateParams } = await import('@/lib/playbooks/params');
const { buildDryRun } = await import('@/lib/playbooks/dry-run');
const { createApprovalRequest, assertApprovalCovers, markApprovalUsed } = await import('@/lib/approvals/approvals');
const { decideApprovalDef, requestApprovalDef } = await import('@/lib/approvals/actions');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');

type Role = 'admin' | 'commander' | 'responder' | 'viewer';
type User = { id: string; email: string; name: string; role: Role };
const people: Partial<Record<Role, User>> = {};
const person = (role: Role): User => defined(people[role], `the ${role} user`);

const SOURCE = `name: restart-port
description: Restarts what listens on a port.
destructive: true
approval: { expires: 5m }
params:
  port: { type: port, default: 3000 }
steps:
  - id: restart
    name: Restart
    kind: run
    run: echo restart {{ port }}
`;
const parsed = parsePlaybook(SOURCE);
if (!parsed.ok) throw new Error('fixture playbook does not parse');
const host = {
  id: 'host-1',
  name: 'web-1',
  tags: [],
  serviceManager: 'supervisor' as const,
  hostKeyPin: 'SHA256:aaaa',
  passwordlessSudo: false,
};

async function dry(port: string, h = host, source = parsed) {
  if (!source.ok) throw new Error('unreachable');
  const params = validateParams(source.definition, { port });
  if (!params.ok) throw new Error('bad params');
  return buildDryRun({
    definition: source.definition,
    hash: source.hash,
    hosts: [h],
    params: params.params,
    observe: async () => ({ ok: false, message: 'no observations in this playbook' }),
  });
}

async function request(user: User, port = '3000', now = new Date()) {
  const d = await dry(port);
  const { data } = await commitMutation(user, (tx) =>
    createApprovalRequest(tx, user, { dry: d, ttlMs: 5 * 60_000, incidentId: null, checklistItemId: null }, now),
  );
  return data.id;
}

const decide = (user: User, approvalId: string, decision: 'approve' | 'reject') =>
  executeAction(decideApprovalDef, user, { approvalId, decision });

async function lastAudit() {
  return db.auditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } });
}

beforeAll(async () => {
  for (const role of ['admin', 'commander', 'responder', 'viewer'] as const) {
    const email = `${role}@approvals.test`;
    const { data } = await addUser(
      systemActor('system:startup'),
      CreateUserInput.parse({ email, role, password: 'correct-horse-1' }),
    );
    people[role] = { id: data.id, email, name: role, role };
  }
});

afterAll(async () => {
  await closeDb();
});

describe('two-person approval', () => {
  it('a commander approves a responder’s request; the approval covers exactly that dry run, once', async () => {
    const id = await request(person('responder'));
    const r = await decide(person('commander'), id, 'approve');
    expect(r).toMatchObject({ ok: true, data: { status: 'approved' } });
    const fresh = await dry('3000');
    const { runId } = await db.$transaction(async (tx) => {
      await assertApprovalCovers(tx, id, fresh, cliActor('alice'));
      await markApprovalUsed(tx, id, 41);
      return { runId: 41 };
    });
    expect(runId).toBe(41);
    await expect(db.$transaction((tx) => assertApprovalCovers(tx, id, fresh, cliActor('alice')))).rejects.toThrow(
      /already used by run #41: one approval starts one run/,
    );
  });

  it('refuses self-approval for every role, admin included, and records the refusal', async () => {
    for (const role of ['admin', 'commander'] as const) {
      const id = await request(person(role));
      const r = await decide(person(role), id, 'approve');
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden:self-approval' } });
      if (!r.ok) expect(r.error.message).toMatch(/You asked for this run, so you cannot approve or reject it/);
      const entry = await lastAudit();
      expect(entry.action).toBe('approval.refused');
      expect(entry.actorEmail).toBe(person(role).email);
      expect(JSON.parse(entry.payload)).toMatchObject({ reason: 'forbidden:self-approval', decision: 'approve' });
      expect((await db.approvalRequest.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
    }
  });

  it('the database itself refuses a self-decision, whatever code writes it', async () => {
    const id = await request(person('commander'));
    // Through Prisma (its adapter reports the trigger's abort as a constraint violation)…
    await expect(
      db.approvalRequest.update({
        where: { id },
        data: { status: 'approved', decidedById: person('commander').id, decidedBy: person('commander').email },
      }),
    ).rejects.toThrow();
    // …and with plain SQL on the file, where the trigger's own words come back.
    const raw = new Database(dbPath);
    try {
      expect(() =>
        raw
          .prepare(`UPDATE "ApprovalRequest" SET "status" = 'approved', "decidedBy" = ? WHERE "id" = ?`)
          .run(person('commander').email, id),
      ).toThrow(/self-approval: the requester cannot decide their own approval request/);
    } finally {
      raw.close();
    }
    expect((await db.approvalRequest.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
  });

  it('a changed parameter, host pin or playbook version is not covered, and says what changed', async () => {
    const id = await request(person('responder'));
    await decide(person('commander'), id, 'approve');
    const covers = async (d: Awaited<ReturnType<typeof dry>>) =>
      db.$transaction((tx) => assertApprovalCovers(tx, id, d, person('responder')));
    await expect(covers(await dry('3001'))).rejects.toThrow(/does not cover this run: port 3000 → 3001/);
    await expect(covers(await dry('3000', { ...host, hostKeyPin: 'SHA256:bbbb' }))).rejects.toThrow(
      /web-1's pinned host key changed \(SHA256:aaaa → SHA256:bbbb\)/,
    );
    const edited = parsePlaybook(SOURCE.replace('echo restart', 'echo restart now'));
    await expect(covers(await dry('3000', host, edited))).rejects.toThrow(/restart-port changed since it was approved/);
    // Still usable for exactly what was approved.
    await expect(covers(await dry('3000'))).resolves.toMatchObject({ id, status: 'approved' });
  });

  it('an expired request cannot be decided, and an expired approval cannot start a run', async () => {
    const long = new Date(Date.now() - 10 * 60_000);
    const stale = await request(person('responder'), '3000', long);
    const r = await decide(person('commander'), stale, 'approve');
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict:approval-expired' } });

    const id = await request(person('responder'));
    await decide(person('commander'), id, 'approve');
    const later = new Date(Date.now() + 6 * 60_000);
    await expect(
      db.$transaction((tx) => assertApprovalCovers(tx, id, fresh3000, person('responder'), later)),
    ).rejects.toThrow(/expired at .* UTC: the run must start within the approval window/);
  });

  it('a rejected request starts nothing', async () => {
    const id = await request(person('responder'));
    expect(await decide(person('admin'), id, 'reject')).toMatchObject({ ok: true, data: { status: 'rejected' } });
    await expect(db.$transaction((tx) => assertApprovalCovers(tx, id, fresh3000, person('responder')))).rejects.toThrow(
      /was rejected by admin@approvals.test/,
    );
    expect(await decide(person('commander'), id, 'approve')).toMatchObject({
      ok: false,
      error: { code: 'conflict:approval-decided' },
    });
  });

  it('a responder cannot decide and a viewer cannot request', async () => {
    const id = await request(person('commander'));
    expect(await decide(person('responder'), id, 'approve')).toMatchObject({
      ok: false,
      error: { code: 'forbidden:playbook:approve' },
    });
    const asked = await executeAction(requestApprovalDef, person('viewer'), {
      playbook: 'free-port-and-restart',
      hosts: ['web-1'],
      params: { port: '3000', unit: 'web' },
      digest: fresh3000.digest,
    });
    expect(asked).toMatchObject({ ok: false, error: { code: 'forbidden:playbook:request' } });
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

const fresh3000 = await dry('3000');
