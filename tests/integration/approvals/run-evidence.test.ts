import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/**
 * Runs as evidence, on a real SQLite file with the imported fixture: the
 * item "Kill zombie Next.js processes (Fix 1)" is linked to
 * free-port-and-restart by a commander; a run started from it (on an
 * approval) ticks it when it succeeds, with "done by run #N (approved by
 * X)"; a failed run leaves it open with the run linked. The run's remote
 * part is proven in tests/integration/playbooks/runner.test.ts; here the
 * run rows are real, their execution is not needed.
 */

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { importPlan } = await import('@/lib/rca/import-plan');
const { createIncidentFromPlan } = await import('@/lib/incidents/create-incident');
const { linkPlaybookDef } = await import('@/lib/checklists/actions');
const { buildDryRun } = await import('@/lib/playbooks/dry-run');
const { findPlaybook } = await import('@/lib/playbooks/saved-playbooks');
const { validateParams } = await import('@/lib/playbooks/params');
const { createRun } = await import('@/lib/playbooks/run-records');
const { recordRunEvidence } = await import('@/lib/playbooks/run-evidence');
const { createApprovalRequest, decideApproval } = await import('@/lib/approvals/approvals');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');

type User = { id: string; email: string; name: string; role: 'commander' | 'responder' };
const users = {} as Record<'commander' | 'responder', User>;
let incidentId = '';
let itemId = '';

beforeAll(async () => {
  for (const role of ['commander', 'responder'] as const) {
    const email = `${role}@evidence.test`;
    const { data } = await addUser(
      systemActor('system:startup'),
      CreateUserInput.parse({ email, role, password: 'correct-horse-1' }),
    );
    users[role] = { id: data.id, email, name: role, role };
  }
  const file = path.join(process.cwd(), 'fixtures', 'tms-rca.md');
  const plan = importPlan(fs.readFileSync(file));
  if (!plan.ok) throw new Error(plan.error.message);
  const { data } = await commitMutation(users.commander, (tx) =>
    createIncidentFromPlan(tx, users.commander, { plan: plan.plan, sourceMarkdown: fs.readFileSync(file, 'utf8') }),
  );
  incidentId = data.id;
  const item = await db.checklistItem.findFirstOrThrow({
    where: { text: 'Kill zombie Next.js processes (Fix 1)', group: { checklist: { incidentId } } },
  });
  itemId = item.id;
});

afterAll(async () => {
  await closeDb();
});

async function approvedRun() {
  const playbook = await findPlaybook('free-port-and-restart');
  const params = validateParams(playbook.definition, { port: '3000', unit: 'web' });
  if (!params.ok) throw new Error('params');
  const dry = await buildDryRun({
    definition: playbook.definition,
    hash: playbook.hash,
    hosts: [
      {
        id: 'h1',
        name: 'web-1',
        tags: [],
        serviceManager: 'supervisor',
        hostKeyPin: 'SHA256:x',
        passwordlessSudo: false,
      },
    ],
    params: params.params,
    observe: async () => ({ ok: true, stdout: 'state=free\n' }),
  });
  const { data } = await commitMutation(users.responder, (tx) =>
    createApprovalRequest(tx, users.responder, { dry, ttlMs: 60_000, incidentId, checklistItemId: itemId }),
  );
  await commitMutation(users.commander, (tx) => decideApproval(tx, users.commander, data.id, 'approve', null));
  // The CLI path: no incident or item given, both come from the approval.
  return createRun(users.responder, 'test', {
    dry,
    source: playbook.source,
    incidentId: null,
    timeoutMs: 60_000,
    approvalId: data.id,
  });
}

describe('runs as checklist evidence', () => {
  it('a responder cannot link a playbook; a commander confirms the link', async () => {
    const item = await db.checklistItem.findUniqueOrThrow({ where: { id: itemId } });
    const input = { itemId, playbook: 'free-port-and-restart', version: item.version };
    expect(await executeAction(linkPlaybookDef, users.responder, input)).toMatchObject({
      ok: false,
      error: { code: 'forbidden:playbook:author' },
    });
    expect(
      await executeAction(linkPlaybookDef, users.commander, { ...input, playbook: 'no-such-playbook' }),
    ).toMatchObject({ ok: false, error: { code: 'not_found:playbook' } });
    expect(await executeAction(linkPlaybookDef, users.commander, input)).toMatchObject({
      ok: true,
      data: { playbookId: 'free-port-and-restart' },
    });
  });

  it('a failed run leaves the item open with the run linked', async () => {
    const { id } = await approvedRun();
    const run = await db.playbookRun.findUniqueOrThrow({ where: { id } });
    expect(run).toMatchObject({ incidentId, checklistItemId: itemId, status: 'approved' });
    await recordRunEvidence(users.responder, id, 'failed');
    const item = await db.checklistItem.findUniqueOrThrow({ where: { id: itemId } });
    expect(item).toMatchObject({ done: false, runId: id, evidence: null });
    const event = await db.timelineEvent.findFirstOrThrow({ where: { incidentId }, orderBy: { recordedAt: 'desc' } });
    expect(event.summary).toBe(
      `"Kill zombie Next.js processes (Fix 1)" left open: run #${id} (free-port-and-restart) failed`,
    );
  });

  it('a successful run ticks it: "done by run #N (approved by X)", on the timeline with its audit seq', async () => {
    const { id } = await approvedRun();
    await recordRunEvidence(users.responder, id, 'succeeded');
    const item = await db.checklistItem.findUniqueOrThrow({ where: { id: itemId } });
    expect(item).toMatchObject({
      done: true,
      doneById: users.responder.id,
      runId: id,
      evidence: `done by run #${id} (approved by commander@evidence.test)`,
    });
    const event = await db.timelineEvent.findFirstOrThrow({ where: { incidentId }, orderBy: { recordedAt: 'desc' } });
    expect(event.summary).toContain(`done by run #${id} (approved by commander@evidence.test)`);
    const audit = await db.auditEntry.findUniqueOrThrow({ where: { seq: event.auditSeq! } });
    expect(audit.action).toBe('checklist.item.done-by-run');
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
