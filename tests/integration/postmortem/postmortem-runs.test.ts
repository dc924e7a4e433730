import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { startTestHosts, type TestHosts } from '../../support/sshd';
import { SLEEPER } from '../../support/runner-host';

/**
 * The post-mortem's runs section from real runs on a real sshd: an approved
 * destructive run with a secret parameter, a cancelled run whose process
 * group was killed, and a request that was rejected. The page model and the
 * Markdown / JSON / HTML exports list each with requester, approver, result,
 * per-host outcome and kill outcome; the secret never appears; the Markdown
 * still re-imports.
 */

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { importPlan } = await import('@/lib/rca/import-plan');
const { createIncidentFromPlan } = await import('@/lib/incidents/create-incident');
const { CreateHostInput } = await import('@/lib/hosts/host-input');
const { createHost } = await import('@/lib/hosts/hosts');
const { closeAllConnections } = await import('@/lib/ssh/exec');
const { savePlaybook } = await import('@/lib/playbooks/saved-playbooks');
const { dryRunPlaybook } = await import('@/lib/playbooks/dry-run-playbook');
const { startRun, cancelRun } = await import('@/lib/playbooks/runs');
const { createApprovalRequest, decideApproval } = await import('@/lib/approvals/approvals');
const { loadPostmortem } = await import('@/lib/postmortem/load-postmortem');
const { exportPostmortem } = await import('@/lib/postmortem/export-files');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');

const SECRET = 's3cr3t-pm-token-8d41f0';
const STOP = `name: pm-stop
description: Destructive; takes a secret it never prints.
destructive: true
params:
  word: { type: string, pattern: '[a-z]+' }
  token: { type: secret }
observe:
  - id: target
    name: The thing to stop
    run: printf 'state=up\\nport=8080\\ncmd=thing --password=hunter2-pm\\n'
    outputs:
      state: { type: enum, values: [up, down] }
      port: { type: port }
      cmd: { type: text }
steps:
  - id: stop
    name: Stop the thing
    kind: run
    run: printf 'stopping %s\\n' {{ word }}; test -n {{ token }}
  - id: check
    name: The thing is stopped
    kind: check
    run: echo stopped
`;
/** The runner tests' sleeper, under this test's name: it runs until cancelled. */
const SLEEP = SLEEPER.replace('name: sleeper', 'name: pm-sleep');

type User = { id: string; email: string; name: string; role: 'commander' | 'responder' };
const users = {} as Record<'commander' | 'responder', User>;
let sshd: TestHosts;
let incidentId = '';
let slug = '';

beforeAll(async () => {
  sshd = await startTestHosts(1);
  const startup = systemActor('system:startup');
  for (const role of ['commander', 'responder'] as const) {
    const email = `${role}@pm-runs.test`;
    const { data } = await addUser(
      startup,
      CreateUserInput.parse({ email, name: `${role} person`, role, password: 'correct-horse-1' }),
    );
    users[role] = { id: data.id, email, name: `${role} person`, role };
  }
  const fixture = fs.readFileSync(path.join(process.cwd(), 'fixtures', 'tms-rca.md'), 'utf8');
  const plan = importPlan(fixture);
  if (!plan.ok) throw new Error(plan.error.message);
  ({ id: incidentId, slug } = (
    await commitMutation(users.commander, (tx) =>
      createIncidentFromPlan(tx, users.commander, { plan: plan.plan, sourceMarkdown: fixture }),
    )
  ).data);
  const h = sshd.host(0);
  const input = CreateHostInput.parse({
    name: 'web-1',
    address: h.address,
    port: String(h.port),
    username: h.username,
    serviceManager: 'systemd',
    privateKey: h.privateKey,
  });
  const { data } = await commitMutation(startup, (tx) => createHost(tx, input));
  await db.host.update({ where: { id: data.id }, data: { hostKeyPin: h.hostKeyPin } });
  for (const source of [STOP, SLEEP]) await commitMutation(startup, (tx) => savePlaybook(tx, startup, source));
});

afterAll(async () => {
  await closeAllConnections();
  await sshd?.stop();
  await closeDb();
});

async function requestApproval(word: string) {
  const dry = await dryRunPlaybook(users.responder, { playbook: 'pm-stop', hosts: ['web-1'], params: { word } });
  const { data } = await commitMutation(users.responder, (tx) =>
    createApprovalRequest(tx, users.responder, { dry, ttlMs: 60_000, incidentId, checklistItemId: null }),
  );
  return data.id;
}

describe('the post-mortem lists the incident’s runs and approvals', () => {
  let stopRun = 0;
  let sleepRun = 0;
  let rejected = '';

  beforeAll(async () => {
    const approved = await requestApproval('frontend');
    await commitMutation(users.commander, (tx) =>
      decideApproval(tx, users.commander, approved, 'approve', 'matches Fix 1'),
    );
    const stop = await startRun(users.responder, {
      playbook: 'pm-stop',
      hosts: ['web-1'],
      params: { word: 'frontend' },
      secrets: { token: SECRET },
      incidentId,
      approvalId: approved,
    });
    expect(await stop.done).toBe('succeeded');
    stopRun = stop.runId;

    const sleep = await startRun(users.responder, {
      playbook: 'pm-sleep',
      hosts: ['web-1'],
      params: { seconds: '3600' },
      incidentId,
    });
    sleepRun = sleep.runId;
    for (let i = 0; i < 400; i++) {
      const step = await db.stepResult.findFirst({ where: { runId: sleepRun }, select: { pgid: true } });
      if (step?.pgid) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await cancelRun(users.commander, sleepRun);
    expect(await sleep.done).toBe('cancelled');

    rejected = await requestApproval('backend');
    await commitMutation(users.commander, (tx) =>
      decideApproval(tx, users.commander, rejected, 'reject', 'wrong host'),
    );
  });

  it('the page model: requester, approver, result, each host, the kill outcome, a link', async () => {
    const pm = await loadPostmortem(slug, { timeline: 'all' });
    expect(pm?.runs.map((r) => [r.id, r.playbook, r.status])).toEqual([
      [String(stopRun), 'pm-stop', 'succeeded'],
      [String(sleepRun), 'pm-sleep', 'cancelled'],
      [`approval:${rejected}`, 'pm-stop', 'approval rejected'],
    ]);
    const [stop, sleep, refused] = pm!.runs;
    expect(stop).toMatchObject({
      requestedBy: { name: 'responder person', email: users.responder.email },
      approvedBy: { name: 'commander person', email: users.commander.email },
      hosts: ['web-1'],
      link: `/runs/${stopRun}`,
      approval: { status: 'used', decidedBy: users.commander.email, reason: 'matches Fix 1' },
      hostResults: [
        {
          host: 'web-1',
          status: 'succeeded',
          // Typed values only: the observed command line (text) could carry a secret.
          observed: ['target.state=up', 'target.port=8080'],
          steps: [
            { name: 'Stop the thing', status: 'succeeded', exitCode: 0, kill: null, rollback: false },
            { name: 'The thing is stopped', status: 'succeeded', exitCode: 0, kill: null, rollback: false },
          ],
        },
      ],
    });
    expect(stop?.params).toEqual([
      { name: 'word', value: 'frontend', secret: false },
      { name: 'token', value: '***', secret: true },
    ]);
    expect(stop?.startedAt).not.toBeNull();
    // The cancelled run's process group was stopped on the host: its kill outcome is the record.
    expect(sleep?.hostResults[0]?.status).toBe('cancelled');
    expect(sleep?.hostResults[0]?.steps[0]?.kill).toMatch(/^(exited-after-term|killed)$/);
    expect(sleep?.approvedBy).toBeNull();
    expect(refused).toMatchObject({
      link: `/approvals/${rejected}`,
      result: 'not run: rejected (wrong host)',
      approvedBy: null,
      hostResults: [],
      approval: { status: 'rejected', decidedBy: users.commander.email },
    });
  });

  it('the Markdown, JSON and HTML exports carry them, never the secret', async () => {
    const md = (await exportPostmortem(slug, 'md')).body.toString('utf8');
    expect(md).toContain('## Playbook runs');
    expect(md).toMatch(
      /^- \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: pm-stop on web-1 — succeeded, approved by commander person \(word=frontend, token=••••\)$/m,
    );
    expect(md).toContain(`  - requested by responder person; in the console: /runs/${stopRun}`);
    expect(md).toContain('  - web-1: succeeded (observed target.state=up, target.port=8080)\n');
    const sleepKill = (await db.stepResult.findFirstOrThrow({ where: { runId: sleepRun } })).killOutcome;
    expect(md).toContain(`  - web-1: cancelled — Sleep: kill ${sleepKill}`);
    expect(md).toContain('pm-stop on web-1 — approval rejected');
    expect(md).toContain('rejected by commander@pm-runs.test; result: not run: rejected (wrong host)');

    const json = JSON.parse((await exportPostmortem(slug, 'json')).body.toString('utf8'));
    expect(json.runs).toHaveLength(3);
    expect(json.runs[0]).toMatchObject({ id: String(stopRun), link: `/runs/${stopRun}` });
    const html = (await exportPostmortem(slug, 'html')).body.toString('utf8');
    expect(html).toContain(`Sleep: kill ${sleepKill}`);
    for (const text of [md, JSON.stringify(json), html]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('hunter2-pm');
    }
  });

  it('the Markdown with runs still re-imports; the runs section is not imported as a note twice', async () => {
    const md = (await exportPostmortem(slug, 'md')).body.toString('utf8');
    const plan = importPlan(md);
    if (!plan.ok) throw new Error(plan.error.message);
    const { data } = await commitMutation(users.commander, (tx) =>
      createIncidentFromPlan(tx, users.commander, { plan: plan.plan, sourceMarkdown: md }),
    );
    const copy = await loadPostmortem(data.slug, { timeline: 'all' });
    expect(copy?.runs).toEqual([]);
    const again = (await exportPostmortem(data.slug, 'md')).body.toString('utf8');
    expect(again.match(/## Playbook runs/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
