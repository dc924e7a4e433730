import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { liveProcessesMatching, startTestHosts, type TestHosts } from '../../support/sshd';

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { CreateHostInput } = await import('@/lib/hosts/host-input');
const { createHost } = await import('@/lib/hosts/hosts');
const { closeAllConnections } = await import('@/lib/ssh/exec');
const { savePlaybook } = await import('@/lib/playbooks/saved-playbooks');
const actions = await import('@/lib/playbooks/actions');
const { activeRunIds } = await import('@/lib/playbooks/runner');
const { loadRunView } = await import('@/lib/playbooks/run-queries');

type User = { id: string; email: string; name: string; role: 'admin' | 'commander' | 'responder' | 'viewer' };
const responder: User = { id: '', email: 'oncall@runs.test', name: 'On call', role: 'responder' };
const viewer: User = { id: '', email: 'viewer@runs.test', name: 'Viewer', role: 'viewer' };
let sshd: TestHosts;

const ECHO = `name: echo-token
description: Uses a secret without showing it.
destructive: false
params:
  word: { type: string, pattern: '[a-z]+' }
  token: { type: secret }
steps:
  - id: echo
    name: Echo
    kind: run
    run: printf '%s %s\\n' {{ word }} {{ token }}; sleep 3607
`;

beforeAll(async () => {
  sshd = await startTestHosts(1);
  for (const user of [responder, viewer]) {
    const { data } = await addUser(
      systemActor('system:startup'),
      CreateUserInput.parse({ email: user.email, role: user.role, password: 'correct-horse-1' }),
    );
    user.id = data.id;
  }
  const h = sshd.host(0);
  const input = CreateHostInput.parse({
    name: 'web-1',
    address: h.address,
    port: String(h.port),
    username: h.username,
    serviceManager: 'systemd',
    privateKey: h.privateKey,
  });
  const { data } = await commitMutation(systemActor('system:startup'), (tx) => createHost(tx, input));
  await db.host.update({ where: { id: data.id }, data: { hostKeyPin: h.hostKeyPin } });
  await commitMutation(systemActor('system:startup'), (tx) => savePlaybook(tx, systemActor('system:startup'), ECHO));
});

afterAll(async () => {
  await closeAllConnections();
  await sshd?.stop();
  await closeDb();
});

async function waitUntil<T>(read: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('the run form and the run page, through their guarded actions', () => {
  const request = { playbook: 'echo-token', hosts: ['web-1'], params: { word: 'hello' } };

  it('a viewer can neither dry-run nor run; nothing is recorded', async () => {
    const before = await db.auditEntry.count();
    expect(await executeAction(actions.dryRunDef, viewer, request)).toMatchObject({
      ok: false,
      error: { code: 'forbidden:playbook:request' },
    });
    expect(await db.auditEntry.count()).toBe(before);
  });

  it('dry run → run with that digest → the runner picks it up after commit; the secret never shows', async () => {
    const dry = await executeAction(actions.dryRunDef, responder, request);
    if (!dry.ok) throw new Error(dry.error.message);
    expect(dry.data.hosts[0]?.steps[0]?.command).toBe(`printf '%s %s\\n' 'hello' "$WARROOM_SECRET_TOKEN"; sleep 3607`);

    const stale = await executeAction(actions.requestRunDef, responder, {
      ...request,
      params: { word: 'other' },
      secrets: { token: 's3cret-value' },
      digest: dry.data.digest,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict:dry-run-changed' } });

    const started = await executeAction(actions.requestRunDef, responder, {
      ...request,
      secrets: { token: 's3cret-value' },
      digest: dry.data.digest,
    });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.data.id;
    const view = await waitUntil(async () => {
      const v = await loadRunView(runId);
      return v?.hosts[0]?.steps[0]?.output.total ? v : null;
    });
    // The masker holds back up to (secret length − 1) characters until it can rule a secret out.
    expect(view.hosts[0]?.steps[0]?.output.head).toMatch(/^hello \*\*\*/);
    expect(activeRunIds()).toContain(runId);

    const cancel = await executeAction(actions.cancelRunDef, responder, { runId });
    expect(cancel.ok).toBe(true);
    await waitUntil(async () => (await db.playbookRun.findUnique({ where: { id: runId } }))?.status === 'cancelled');
    expect(await liveProcessesMatching('sleep 3607')).toEqual([]);
    const everything = JSON.stringify(await db.auditEntry.findMany()) + JSON.stringify(await db.stepResult.findMany());
    expect(everything).not.toContain('s3cret-value');
    const request_ = await db.auditEntry.findFirst({ where: { action: 'playbook.run.request' } });
    expect(request_?.actorEmail).toBe(responder.email);
  });

  it('refuses a destructive playbook before looking at any host, naming approval', async () => {
    const before = await db.auditEntry.count();
    const r = await executeAction(actions.requestRunDef, responder, {
      playbook: 'free-port-and-restart',
      hosts: ['web-1'],
      params: { unit: 'web' },
      digest: `sha256:${'0'.repeat(64)}`,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden:needs-approval' } });
    expect(await db.auditEntry.count()).toBe(before);
    expect(await db.playbookRun.count()).toBe(1);
  });

  it('viewers see a run’s status and step names, not its output or commands', async () => {
    const run = await db.playbookRun.findFirstOrThrow();
    const view = await loadRunView(run.id, { detail: false });
    expect(view?.hosts[0]?.steps[0]).toMatchObject({ stepName: 'Echo', command: null, output: { total: 0 } });
    expect(view?.params).toEqual({});
  });
});
