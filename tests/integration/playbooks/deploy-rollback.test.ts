import { execFile } from 'node:child_process';
import { chmod, copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { TEST_USER } from '../../support/sshd';
import { approveDryRun } from '../../support/approvals';
import { startRunnerHost, waitUntil, type RunnerHost } from '../../support/runner-host';

/**
 * The built-in deploy and rollback playbooks, supervisor variants, for real:
 * a git checkout (with its origin) on a real sshd host, an HTTP service run
 * by Debian's supervisord from the checkout's build output, npm, git and
 * supervisorctl doing the work. The service's answer says which commit is
 * live. Deploy also reloads a root nginx through sudo (see its describe).
 */
useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { cliActor } = await import('@/lib/audit/actor');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { dryRunPlaybook } = await import('@/lib/playbooks/dry-run-playbook');
const { createRun, confirmStepMutation } = await import('@/lib/playbooks/run-records');
const { executeRun, wakeRun } = await import('@/lib/playbooks/runner');
const { findPlaybook } = await import('@/lib/playbooks/saved-playbooks');

const run = promisify(execFile);
const actor = cliActor();
const HTTP_PORT = 30_000 + (process.pid % 10_000);
const BASE = `/home/${TEST_USER}/warroom-app-${process.pid}`;
const APP = `${BASE}/app`;
let host: RunnerHost;

/** A shell script run as the test user on the test host (this machine), as its owner would. */
async function asTestUser(script: string): Promise<string> {
  const home = `/home/${TEST_USER}`;
  // From its home, where supervisorctl finds ~/supervisord.conf (tests/support/supervisord.ts).
  const { stdout } = await run('runuser', ['-u', TEST_USER, '--', 'sh', '-ec', script], {
    cwd: home,
    env: { ...process.env, HOME: home, USER: TEST_USER },
  });
  return stdout.trim();
}

async function served(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${HTTP_PORT}/index.html`).catch(() => null);
  return res?.ok ? (await res.text()).trim() : `no answer (${res?.status ?? 'refused'})`;
}

const PACKAGE = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  private: true,
  scripts: { build: 'mkdir -p dist && cp index.html dist/index.html', migrate: 'echo migrated' },
});
const LOCK = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: { '': { name: 'app', version: '1.0.0' } },
});

/** Commits index.html saying `text` in the checkout and builds it (what a person deploying by hand would). */
async function commitAndBuild(text: string): Promise<string> {
  return asTestUser(
    `cd ${APP} && echo ${text} > index.html && git commit -qam ${text} && npm run -s build && git rev-parse HEAD`,
  );
}

async function runBuiltin(playbook: string, params: Record<string, string>, confirm = false) {
  const dry = await dryRunPlaybook(actor, { playbook, hosts: ['web-1'], params });
  expect(dry.ok, JSON.stringify(dry.hosts.map((h) => h.blocked))).toBe(true);
  const { source } = await findPlaybook(playbook);
  const { id } = await createRun(actor, 'test', {
    dry,
    source,
    incidentId: null,
    timeoutMs: 300_000,
    approvalId: await approveDryRun(dry),
  });
  const done = executeRun(id, { actor });
  if (confirm) {
    // The confirm step waits for a person: confirm it as the run page's button does.
    const waiting = await waitUntil('the confirm step', () =>
      db.stepResult.findFirst({ where: { runId: id, status: 'waiting' }, select: { id: true } }),
    );
    await commitMutation(actor, (tx) => confirmStepMutation(tx, actor, id, waiting.id));
    wakeRun(id);
  }
  const status = await done;
  const rows = await db.stepResult.findMany({ where: { runId: id }, orderBy: [{ startedAt: 'asc' }] });
  // A check with `retry` records one row per attempt: each step's last attempt, in order.
  const last = rows.filter((r, i) => rows[i + 1]?.stepId !== r.stepId);
  return { status, steps: last, id };
}

beforeAll(async () => {
  await asTestUser(`
    rm -rf ${BASE} && mkdir -p ${BASE} && cd ${BASE}
    git init -q --bare -b main origin.git
    git init -q -b main app && cd app
    git config user.email test@warroom.test && git config user.name 'warroom test'
    printf '%s' '${PACKAGE}' > package.json
    printf '%s' '${LOCK}' > package-lock.json
    echo v1 > index.html
    git add -A && git commit -qm v1 && git remote add origin ../origin.git && git push -q origin main
    git branch -q --set-upstream-to=origin/main
    npm run -s build`);
  host = await startRunnerHost({ supervisorPort: HTTP_PORT, serveDir: `${APP}/dist` });
  await waitUntil('the service', async () => (await served()) === 'v1');
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await asTestUser(`rm -rf ${BASE}`).catch(() => undefined);
  await closeDb();
});

describe('rollback (supervisor)', () => {
  it('confirms, resets the checkout to the known-good commit, rebuilds, restarts the program: v1 is served again', async () => {
    const good = await asTestUser(`git -C ${APP} rev-parse HEAD`);
    await commitAndBuild('v2-bad');
    expect(await served()).toBe('v2-bad');
    const before = await asTestUser(`supervisorctl status web`);

    const { status, steps } = await runBuiltin(
      'rollback',
      { app_dir: APP, ref: good, unit: 'web', port: String(HTTP_PORT), http_path: '/index.html' },
      true,
    );
    if (status !== 'succeeded') console.log(JSON.stringify(steps, null, 1));
    expect(status).toBe('succeeded');
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['confirm-reset', 'confirmed'],
      ['ref-exists', 'succeeded'],
      ['reset', 'succeeded'],
      ['install', 'succeeded'],
      ['build', 'succeeded'],
      ['restart', 'succeeded'],
      ['unit-active', 'succeeded'],
      ['port-listening', 'succeeded'],
      ['http-answers', 'succeeded'],
    ]);
    expect(steps[1]?.outputHead).toMatch(new RegExp(`^${good} warroom test v1`));
    expect(steps[5]?.outputHead).toMatch(/web: stopped\s+web: started/);
    expect(steps[6]?.outputHead).toMatch(/^web\s+RUNNING/);
    expect(steps[8]?.outputHead).toBe('200\n');
    expect(await served()).toBe('v1');
    expect(await asTestUser(`git -C ${APP} rev-parse HEAD`)).toBe(good);
    // Restarted: a new process, not the one that served v2.
    const pidOf = (status: string) => /pid (\d+)/.exec(status)?.[1];
    expect(pidOf(await asTestUser(`supervisorctl status web`))).not.toBe(pidOf(before));
  });
});

describe('deploy (supervisor)', () => {
  // Deploy reloads nginx as root (`sudo -n -- sh -c 'nginx -t && nginx -s reload'`): for these runs the
  // test user may run exactly that command with sudo, and a root nginx (Debian's own config) is
  // running for it to reload. Both are undone after; an nginx that was already running is left alone.
  const SUDOERS = `/etc/sudoers.d/warroom-test-deploy-${process.pid}`;
  const RELOAD = 'nginx -t && nginx -s reload';
  let startedNginx: number | null = null;

  const nginxPid = async () => Number((await readFile('/run/nginx.pid', 'utf8').catch(() => '')).trim()) || null;
  const alive = (pid: number | null) => {
    if (!pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    // Checked before it is put in place: a broken file in /etc/sudoers.d breaks sudo for everyone.
    const draft = join(tmpdir(), `warroom-sudoers-${process.pid}`);
    await writeFile(draft, `${TEST_USER} ALL=(root) NOPASSWD: /usr/bin/sh -c ${RELOAD}, /bin/sh -c ${RELOAD}\n`);
    await chmod(draft, 0o440);
    await run('visudo', ['-cf', draft]);
    await copyFile(draft, SUDOERS);
    await chmod(SUDOERS, 0o440);
    await rm(draft, { force: true });
    if (!alive(await nginxPid())) {
      await run('/usr/sbin/nginx');
      startedNginx = await waitUntil('nginx', nginxPid);
    }
    await db.host.update({ where: { id: host.hostId }, data: { passwordlessSudo: true } });
  });

  afterAll(async () => {
    await db.host.update({ where: { id: host.hostId }, data: { passwordlessSudo: false } });
    await rm(SUDOERS, { force: true });
    if (startedNginx) {
      process.kill(startedNginx, 'SIGQUIT');
      await waitUntil('nginx to stop', async () => !alive(startedNginx));
    }
  });

  it('a pull that fails: stopped, port checked free, then the rollback step starts the program again', async () => {
    const { status, steps } = await runBuiltin('deploy', {
      app_dir: APP,
      unit: 'web',
      port: String(HTTP_PORT),
      branch: 'no-such-branch',
      http_path: '/index.html',
    });
    expect(status).toBe('failed');
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['stop', 'succeeded'],
      ['port-free', 'succeeded'],
      ['pull', 'failed'],
      ['restart-after-failure', 'succeeded'],
    ]);
    expect(steps[0]?.outputHead).toMatch(/web: stopped/);
    expect(steps[1]?.outputHead).toBe(`port ${HTTP_PORT} is free\n`);
    expect(steps[2]?.outputHead).toMatch(/no-such-branch/);
    expect(steps[3]?.outputHead).toMatch(/web: started/);
    await waitUntil('the service again', async () => (await served()) === 'v1');
    expect(await asTestUser(`supervisorctl status web`)).toMatch(/^web\s+RUNNING/);
  });

  it('new code on origin: stop, pull, npm ci, build, migrate, start, reload nginx, checks — the new commit is served', async () => {
    const pushed = await asTestUser(`
      cd ${BASE} && rm -rf other && git clone -q origin.git other && cd other
      git config user.email test@warroom.test && git config user.name 'warroom test'
      echo v3 > index.html && git commit -qam v3 && git push -q origin main && git rev-parse HEAD`);
    const reloadsBefore = await nginxPid();
    const { status, steps } = await runBuiltin('deploy', {
      app_dir: APP,
      unit: 'web',
      port: String(HTTP_PORT),
      branch: 'main',
      http_path: '/index.html',
    });
    if (status !== 'succeeded') console.log(JSON.stringify(steps, null, 1));
    expect(status).toBe('succeeded');
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['stop', 'succeeded'],
      ['port-free', 'succeeded'],
      ['pull', 'succeeded'],
      ['install', 'succeeded'],
      ['build', 'succeeded'],
      ['migrate', 'succeeded'],
      ['start', 'succeeded'],
      ['reload-nginx', 'succeeded'],
      ['unit-active', 'succeeded'],
      ['port-listening', 'succeeded'],
      ['http-answers', 'succeeded'],
    ]);
    expect(steps[5]?.outputHead).toContain('migrated');
    expect(steps[7]?.outputHead).toContain('test is successful');
    expect(steps[10]?.outputHead).toBe('200\n');
    expect(await served()).toBe('v3');
    expect(await asTestUser(`git -C ${APP} rev-parse HEAD`)).toBe(pushed);
    // Reloaded, not restarted: the same nginx master.
    expect(await nginxPid()).toBe(reloadsBefore);
    expect(await db.hostLock.count()).toBe(0);
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
