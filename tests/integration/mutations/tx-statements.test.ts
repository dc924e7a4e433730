import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/**
 * txStatements (lib/mutations/tx-statements.ts): the runner's step records
 * and every audit link go to SQLite through statements prepared once on the
 * connection Prisma's transaction holds. What they write must read back
 * through Prisma as Prisma's own writes do, in the same stored text; they
 * commit or roll back with the mutation; outside a transaction they refuse.
 */
const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { txStatements } = await import('@/lib/mutations/tx-statements');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { cliActor } = await import('@/lib/audit/actor');

const actor = cliActor('tester');
let runId = 0;

beforeAll(async () => {
  const { data } = await commitMutation(actor, async (tx) => {
    const run = await tx.playbookRun.create({
      data: {
        playbookName: 'p',
        playbookHash: 'h',
        playbookSource: 'name: p',
        destructive: false,
        params: '{}',
        dryRun: '{}',
        digest: 'd',
        status: 'running',
        requestedBy: 'cli:tester',
        timeoutMs: 1000,
      },
      select: { id: true },
    });
    return { data: run.id, audit: { action: 'test.setup', targetType: 'playbook-run' } };
  });
  runId = data;
});

afterAll(() => closeDb());

const INSERT =
  'INSERT INTO "StepResult" ("id", "runId", "hostId", "hostName", "fingerprint", "stepIndex", "stepId", "stepName", "kind", "attempt", "rollback", "command", "status", "startedAt", "endedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

describe('txStatements', () => {
  it('writes what Prisma writes: values read back the same, times and flags stored the same', async () => {
    const startedAt = new Date('2026-01-12T05:54:07.123Z');
    const fields = {
      runId,
      hostId: 'h1',
      hostName: 'web-1',
      fingerprint: null,
      stepIndex: 2,
      stepId: 's2',
      stepName: 'Step 2',
      kind: 'run',
      attempt: 1,
      rollback: true,
      command: "echo 'x'",
      status: 'running',
      startedAt,
      endedAt: null,
    };
    await commitMutation(actor, async (tx) => {
      await tx.stepResult.create({ data: { id: 'by-prisma', ...fields } });
      const sql = await txStatements(tx, 'test');
      const changed = sql.run(INSERT, ['by-statement', ...Object.values(fields)]);
      expect(changed).toBe(1);
      return { data: null, audit: { action: 'test.write', targetType: 'playbook-run', targetId: String(runId) } };
    });
    const [prisma, statement] = await Promise.all(
      ['by-prisma', 'by-statement'].map((id) => db.stepResult.findUniqueOrThrow({ where: { id } })),
    );
    expect({ ...statement, id: 'by-prisma' }).toEqual(prisma);
    expect(statement!.rollback).toBe(true);
    expect(statement!.startedAt).toEqual(startedAt);

    const file = new Database(dbPath, { readonly: true });
    const stored = file
      .prepare('SELECT id, startedAt, rollback FROM "StepResult" WHERE id IN (?, ?) ORDER BY id')
      .all('by-prisma', 'by-statement') as { startedAt: string; rollback: number }[];
    file.close();
    expect(stored[0]!.startedAt).toBe(stored[1]!.startedAt);
    expect(stored[0]!.rollback).toBe(stored[1]!.rollback);
  });

  it('rolls back with the mutation that failed', async () => {
    await expect(
      commitMutation(actor, async (tx) => {
        const sql = await txStatements(tx, 'test');
        sql.run(INSERT, [
          'rolled-back',
          runId,
          'h1',
          'web-1',
          null,
          0,
          's0',
          'S',
          'run',
          1,
          false,
          'true',
          'running',
          new Date(),
          null,
        ]);
        throw new Error('the mutation failed after its write');
      }),
    ).rejects.toThrow('the mutation failed after its write');
    expect(await db.stepResult.findUnique({ where: { id: 'rolled-back' } })).toBeNull();
  });

  it('refuses to write outside a transaction', async () => {
    const sql = await txStatements(db as never, 'a stray write');
    expect(() => sql.run('DELETE FROM "StepResult"')).toThrow(
      'a stray write outside a transaction: use commitMutation',
    );
    expect(await db.stepResult.count()).toBeGreaterThan(0);
  });

  it('refuses a value that is not a stored scalar, naming the writer', async () => {
    await expect(
      commitMutation(actor, async (tx) => {
        const sql = await txStatements(tx, 'recordThing');
        sql.run('UPDATE "StepResult" SET "message" = ? WHERE "id" = ?', [{ not: 'a scalar' }, 'by-prisma']);
        return { data: null, audit: { action: 'test.write', targetType: 'playbook-run' } };
      }),
    ).rejects.toThrow('recordThing: a object is not a stored scalar');
  });

  it('audit links written through it chain and verify, and read back through Prisma', async () => {
    const before = await db.auditEntry.count();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        commitMutation(actor, async () => ({
          data: null,
          audit: { action: 'test.link', targetType: 'playbook-run', targetId: String(i), payload: { i, at: 'x' } },
        })),
      ),
    );
    const links = await db.auditEntry.findMany({ where: { action: 'test.link' }, orderBy: { seq: 'asc' } });
    expect(links).toHaveLength(5);
    expect(await db.auditEntry.count()).toBe(before + 5);
    for (const link of links) {
      expect(link.at).toBeInstanceOf(Date);
      expect(Math.abs(link.at.getTime() - Date.now())).toBeLessThan(60_000);
      expect(link.actorEmail).toBe('cli:tester');
    }
    const check = await verifyAuditChain(db);
    expect(check).toMatchObject({ ok: true });
  });
});
