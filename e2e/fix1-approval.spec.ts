import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from '@playwright/test';
import { test, expect, signIn, emailFor, e2eCliEnv, importFixtureIncident, readDb } from './support/fixtures';
import { actionOutcome, actionRef, callAction } from './support/actions';
import { freePorts, startTestHosts, TEST_USER, type TestHosts } from '../tests/support/sshd';
import { startSupervisor, type TestSupervisor } from '../tests/support/supervisord';
import { runCli } from '../tests/support/cli';

/**
 * Issue 12's proof: the fixture's Fix 1 done for real, by two people in two
 * browsers. The test host (a real sshd) runs a small HTTP service under
 * supervisord; a stale process started outside the supervisor holds its port,
 * so the service cannot start (EADDRINUSE). A responder runs
 * free-port-and-restart from the checklist item, a commander approves the
 * exact dry run, and the stale process — and nothing else — is stopped by PID.
 * Then the refusals: self-approval, a changed port, an expired approval, a viewer.
 */
test.describe.configure({ mode: 'serial' });

const run = promisify(execFile);
const HOST = 'fix1-web';
const ITEM = 'Kill zombie Next.js processes (Fix 1)';
const APPROVALS = 'app/(console)/approvals/actions.ts';

let sshd: TestHosts;
let supervisor: TestSupervisor;
let servicePort: number;
let bystanderPort: number;
let stale: ChildProcess;
let bystander: ChildProcess;
let slug: string;

// The CLI on the e2e server's database, with the secrets e2e/support/serve.sh gives the server.
const cliEnv = () => ({
  ...e2eCliEnv(),
  AUTH_SECRET: process.env.AUTH_SECRET ?? 'e2e-auth-secret-0123456789abcdef0123456789',
  WARROOM_SECRET_KEY:
    process.env.WARROOM_SECRET_KEY ?? '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
});
const cli = (args: string[]) => {
  const r = runCli(cliEnv(), args);
  expect(r.code, `warroom ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

/**
 * A listener started outside the supervisor as the test user (so `ss -p` on
 * the host shows its PID, as the fixture's stale next-server was the
 * deploy user's). Both it and the bystander are `python3`: same name, other port.
 */
async function startListener(port: number): Promise<ChildProcess> {
  const ids = async (flag: string) => Number((await run('id', [flag, TEST_USER])).stdout.trim());
  const child = spawn(
    'python3',
    ['-c', `import socket,time\ns=socket.socket()\ns.bind(("127.0.0.1",${port}))\ns.listen()\ntime.sleep(3600)`],
    { uid: await ids('-u'), gid: await ids('-g'), stdio: 'ignore', cwd: '/tmp' },
  );
  await expect.poll(async () => (await ssListening(port)) !== '', { timeout: 10_000 }).toBe(true);
  return child;
}

async function ssListening(port: number): Promise<string> {
  return (await run('ss', ['-ltnH', `sport = :${port}`])).stdout.trim();
}

/** Alive and not a zombie, read from /proc (a PID alone could be reused; within a test it is not). */
async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat !== null && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

async function supervisorctl(...args: string[]): Promise<string> {
  return run('runuser', ['-u', TEST_USER, '--', 'supervisorctl', '-c', `/home/${TEST_USER}/supervisord.conf`, ...args])
    .then((r) => r.stdout + r.stderr)
    .catch((err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);
}

async function twoPeople(browser: Browser) {
  const responderCtx = await browser.newContext();
  const commanderCtx = await browser.newContext();
  const responder = await responderCtx.newPage();
  const commander = await commanderCtx.newPage();
  await signIn(responder, emailFor('responder'));
  await signIn(commander, emailFor('commander'));
  return {
    responder,
    commander,
    close: async () => {
      await responderCtx.close();
      await commanderCtx.close();
    },
  };
}

/** The responder's side: the item's Run button, the parameters, the dry run, and the request. */
async function requestFromItem(page: Page, port: number): Promise<string> {
  await page.goto(`/incidents/${slug}`);
  const item = page.getByTestId('checklist-item').filter({ hasText: ITEM });
  // Click until it lands: the click may come while the checklist re-renders from another person's change.
  await expect(async () => {
    await item.getByTestId('item-playbook').getByRole('link', { name: 'Run', exact: true }).click();
    await expect(page).toHaveURL(/\/playbooks\/free-port-and-restart\?incident=.*&item=/, { timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  return askForApproval(page, 'free-port-and-restart', port);
}

/** From a playbook's page: fill the parameters, pick the host, dry-run, ask for approval. */
async function askForApproval(page: Page, playbook: string, port: number): Promise<string> {
  const form = page.getByRole('form', { name: `Run ${playbook}` });
  await form.locator('input[name="port"]').fill(String(port));
  await form.locator('input[name="unit"]').fill('web');
  await form.locator('input[name="grace_seconds"]').fill('3');
  await form.getByLabel(HOST).check();
  await form.getByRole('button', { name: 'Dry run' }).click();
  await expect(form.getByTestId('dry-run-digest')).toBeVisible({ timeout: 30_000 });
  await form.getByRole('button', { name: 'Ask for approval of this dry run' }).click();
  await expect(page).toHaveURL(/\/approvals\/[a-z0-9]+$/, { timeout: 30_000 });
  return page.url().split('/').pop()!;
}

/** The negative cases start from the playbook page for the incident (the item is ticked by then). */
async function requestForIncident(page: Page, port: number, playbook = 'free-port-and-restart'): Promise<string> {
  await page.goto(`/playbooks/${playbook}?incident=${slug}`);
  return askForApproval(page, playbook, port);
}

const approvalRow = (id: string) =>
  readDb(
    (db) =>
      db.prepare('SELECT status, runId, decidedBy, expiresAt FROM ApprovalRequest WHERE id = ?').get(id) as
        { status: string; runId: number | null; decidedBy: string | null; expiresAt: number | string } | undefined,
  );
const refusalsOf = (id: string) =>
  readDb((db) =>
    (
      db
        .prepare(`SELECT payload FROM AuditEntry WHERE action = 'approval.refused' AND targetId = ? ORDER BY seq`)
        .all(id) as { payload: string }[]
    ).map((r) => (JSON.parse(r.payload) as { reason: string }).reason),
  );
const runsOn = (id: string) =>
  readDb((db) => (db.prepare('SELECT COUNT(*) AS n FROM PlaybookRun WHERE approvalId = ?').get(id) as { n: number }).n);

test.beforeAll(async () => {
  const ports = await freePorts(2);
  servicePort = ports[0]!;
  bystanderPort = ports[1]!;
  sshd = await startTestHosts(1);
  const h = sshd.host(0);
  supervisor = await startSupervisor(servicePort);
  // The fixture's state: the service is down, a stale process outside the supervisor holds its
  // port, and every restart fails with EADDRINUSE.
  expect(await supervisorctl('stop', 'web')).toMatch(/stopped|not running/i);
  stale = await startListener(servicePort);
  bystander = await startListener(bystanderPort);
  expect(await supervisorctl('start', 'web')).toMatch(/ERROR|spawn error|abnormal/i);
  await expect
    .poll(async () => fs.readFileSync(path.join(supervisor.dir, 'web.err.log'), 'utf8'), { timeout: 20_000 })
    .toContain('Address already in use');

  // The host is added and its key pinned through the product (the CLI an admin uses), not the DB.
  cli([...sshd.hostAddArgs(0, HOST), '--service-manager', 'supervisor']);
  cli(['host', 'trust', HOST, '--fingerprint', h.hostKeyPin!]);
  // The same playbook with a short approval window, for the expiry refusal (never a 15-minute sleep).
  const source = fs
    .readFileSync(path.join(__dirname, '..', 'playbooks', 'free-port-and-restart.yaml'), 'utf8')
    .replace('name: free-port-and-restart', 'name: free-port-short-window\napproval: { expires: 15s }');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-e2e-pb-')), 'short-window.yaml');
  fs.writeFileSync(file, source);
  cli(['playbook', 'save', file]);
  fs.rmSync(path.dirname(file), { recursive: true, force: true }); // saved: its source is in the database
  slug = importFixtureIncident();
});

test.afterAll(async () => {
  for (const child of [stale, bystander]) {
    if (child?.pid && (await alive(child.pid))) child.kill('SIGKILL');
  }
  await supervisor?.stop();
  await sshd?.stop();
});

test('Fix 1 for real: the responder asks, the commander approves the dry run, the stale holder goes by PID', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const stalePid = stale.pid!;
  const bystanderPid = bystander.pid!;
  const { responder, commander, close } = await twoPeople(browser);
  try {
    // The commander confirms the import's suggested link; the item gets its Run button.
    await commander.goto(`/incidents/${slug}`);
    const commanderItem = commander.getByTestId('checklist-item').filter({ hasText: ITEM });
    await expect(commanderItem.getByTestId('item-playbook')).toContainText('suggested playbook free-port-and-restart');
    await commanderItem.getByRole('button', { name: 'Confirm link' }).click();
    await expect(commanderItem.getByTestId('item-playbook')).toContainText('playbook free-port-and-restart');
    await expect(commander.getByTestId('incident-approvals')).not.toContainText('free-port-and-restart');

    const approvalId = await requestFromItem(responder, servicePort);
    // The requester reads the request but has no way to approve it.
    await expect(responder.getByRole('button', { name: 'Approve this exact dry run' })).toHaveCount(0);
    const selfDecide = await callAction(responder.request, baseURL!, actionRef(APPROVALS, 'decideApproval'), [
      { approvalId, decision: 'approve' },
    ]);
    expect(actionOutcome(selfDecide.body)).toEqual({ ok: false, code: 'forbidden:playbook:approve' });
    expect(approvalRow(approvalId)?.status).toBe('pending');

    // Live, without a reload: the request appears on the commander's incident page.
    const waiting = commander.getByTestId('incident-approvals');
    await expect(waiting).toContainText(`free-port-and-restart on ${HOST}`);
    await expect(waiting).toContainText(`asked by ${emailFor('responder')}`);
    await waiting.getByRole('link', { name: `free-port-and-restart on ${HOST}` }).click();
    await expect(commander).toHaveURL(new RegExp(`/approvals/${approvalId}$`));
    // The commander reads exactly what will run: the holder by PID, the port, the pinned host.
    const dry = commander.getByTestId('dry-run');
    await expect(dry.getByTestId('observed-holder.pid')).toHaveText(String(stalePid));
    await expect(dry.getByTestId('dry-run-command').first()).toContainText(`pid='${stalePid}'`);
    await expect(dry).toContainText(`port='${servicePort}'`);
    await expect(dry).toContainText(sshd.host(0).hostKeyPin!);
    // README images: the request as the commander reads it, before deciding.
    if (process.env.E2E_SCREENSHOTS) {
      await commander.setViewportSize({ width: 1280, height: 900 });
      await commander.screenshot({ path: 'docs/images/fix1-approval-commander.png' });
    }
    await commander.getByRole('button', { name: 'Approve this exact dry run' }).click();
    await expect(commander.getByTestId('approval-summary')).toContainText(`Approved by ${emailFor('commander')}`);

    // The responder's page learns of the approval live and starts the run; its output streams in.
    await responder.getByRole('button', { name: 'Start the approved run' }).click();
    await expect(responder).toHaveURL(/\/runs\/\d+$/, { timeout: 30_000 });
    const runId = Number(responder.url().split('/').pop());
    await expect(responder.getByTestId('run-approval')).toContainText(`Approved by ${emailFor('commander')}`);
    const output = responder.getByTestId('run-output');
    await expect(output).toContainText(`TERM ${stalePid} (python3)`, { timeout: 30_000 });
    await expect(output).toContainText(`PID ${stalePid} is gone`);
    await expect(responder.getByRole('tab', { name: new RegExp(HOST) })).toContainText('succeeded', {
      timeout: 90_000,
    });
    await expect(output).toContainText('200');
    // README images (E2E_SCREENSHOTS=1): the run as the responder saw it.
    if (process.env.E2E_SCREENSHOTS) {
      await responder.setViewportSize({ width: 1280, height: 900 });
      await responder.screenshot({ path: 'docs/images/fix1-approval-run.png' });
    }

    // On the host: the stale holder is gone, its namesake on the other port lives, the service answers.
    await expect.poll(() => alive(stalePid)).toBe(false);
    expect(await alive(bystanderPid)).toBe(true);
    expect(await ssListening(bystanderPort)).not.toBe('');
    expect((await fetch(`http://127.0.0.1:${servicePort}/`)).status).toBe(200);
    expect(await supervisorctl('status', 'web')).toMatch(/RUNNING/);
    expect(approvalRow(approvalId)).toMatchObject({ status: 'used', runId, decidedBy: emailFor('commander') });

    // The item is ticked, with the run (and who approved it) as its evidence.
    await responder.goto(`/incidents/${slug}`);
    const item = responder.getByTestId('checklist-item').filter({ hasText: ITEM });
    await expect(item.getByRole('checkbox')).toBeChecked();
    await expect(item.getByTestId('item-evidence')).toHaveText(
      `done by run #${runId} (approved by ${emailFor('commander')})`,
    );
    await expect(item.getByTestId('item-evidence')).toHaveAttribute('href', `/runs/${runId}`);

    // The post-mortem lists the run with who asked, who approved, and how the host ended.
    await responder.goto(`/incidents/${slug}/postmortem`);
    const pmRun = responder.getByTestId('pm-run').filter({ hasText: `Run #${runId} free-port-and-restart` });
    await expect(pmRun).toContainText('requested by responder, approved by commander');
    await expect(pmRun).toContainText(`port=${servicePort}`);
    // The PID it stopped, from the dry run the commander approved.
    await expect(pmRun.getByTestId('pm-run-host')).toHaveText(
      `${HOST}: succeeded (observed holder.state=held, holder.pid=${stalePid})`,
    );

    const verify = runCli(cliEnv(), ['audit', 'verify']);
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
  } finally {
    await close();
  }
});

test('a commander cannot approve their own request, whatever their role', async ({ browser, baseURL }) => {
  const { commander, close } = await twoPeople(browser);
  try {
    const [port] = await freePorts(1);
    const approvalId = await requestForIncident(commander, port!);
    // The role may approve, so the button is there: the server refuses it, audited and explained.
    await commander.getByRole('button', { name: 'Approve this exact dry run' }).click();
    await expect(commander.getByTestId('form-error')).toContainText('You asked for this run, so you cannot approve');
    expect(approvalRow(approvalId)?.status).toBe('pending');
    expect(refusalsOf(approvalId)).toEqual(['forbidden:self-approval']);
    // Not through the action either (the same path, without the page).
    const direct = await callAction(commander.request, baseURL!, actionRef(APPROVALS, 'decideApproval'), [
      { approvalId, decision: 'approve' },
    ]);
    expect(actionOutcome(direct.body)).toEqual({ ok: false, code: 'forbidden:self-approval' });
    expect(approvalRow(approvalId)?.status).toBe('pending');
  } finally {
    await close();
  }
});

test('an approval does not cover a changed port: refused, explained, nothing ran', async ({ browser, baseURL }) => {
  const { responder, commander, close } = await twoPeople(browser);
  try {
    const [approvedPort, otherPort] = await freePorts(2);
    const approvalId = await requestForIncident(responder, approvedPort!);
    const decided = await callAction(commander.request, baseURL!, actionRef(APPROVALS, 'decideApproval'), [
      { approvalId, decision: 'approve' },
    ]);
    expect(actionOutcome(decided.body)).toEqual({ ok: true });

    await responder.goto(`/playbooks/free-port-and-restart?incident=${slug}&approval=${approvalId}`);
    const form = responder.getByRole('form', { name: 'Run free-port-and-restart' });
    // Everything as approved but the port.
    await form.locator('input[name="port"]').fill(String(otherPort));
    await form.locator('input[name="unit"]').fill('web');
    await form.locator('input[name="grace_seconds"]').fill('3');
    await form.getByLabel(HOST).check();
    await form.getByRole('button', { name: 'Dry run' }).click();
    await form.getByRole('button', { name: 'Run with approval on 1 host' }).click();
    await expect(form.getByTestId('form-error')).toContainText(
      `Approval ${approvalId} does not cover this run: port ${approvedPort} → ${otherPort}`,
    );
    expect(runsOn(approvalId)).toBe(0);
    expect(approvalRow(approvalId)?.status).toBe('approved');
    expect(refusalsOf(approvalId)).toContain('conflict:approval-mismatch');
  } finally {
    await close();
  }
});

test('an expired approval is refused: the run must start within the playbook’s window', async ({
  browser,
  baseURL,
}) => {
  const { responder, commander, close } = await twoPeople(browser);
  try {
    const [port] = await freePorts(1);
    const approvalId = await requestForIncident(responder, port!, 'free-port-short-window');
    const decided = await callAction(commander.request, baseURL!, actionRef(APPROVALS, 'decideApproval'), [
      { approvalId, decision: 'approve' },
    ]);
    expect(actionOutcome(decided.body)).toEqual({ ok: true });
    // Wait out the window by the stored deadline, not by a guess; then try to run on it.
    const expiresAt = new Date(approvalRow(approvalId)!.expiresAt).getTime();
    await expect.poll(() => Date.now() > expiresAt + 500, { timeout: 40_000, intervals: [500] }).toBe(true);
    await responder.goto(`/playbooks/free-port-short-window?incident=${slug}&approval=${approvalId}`);
    const form = responder.getByRole('form', { name: 'Run free-port-short-window' });
    await form.locator('input[name="port"]').fill(String(port));
    await form.locator('input[name="unit"]').fill('web');
    await form.locator('input[name="grace_seconds"]').fill('3');
    await form.getByLabel(HOST).check();
    await form.getByRole('button', { name: 'Dry run' }).click();
    await form.getByRole('button', { name: 'Run with approval on 1 host' }).click();
    await expect(form.getByTestId('form-error')).toContainText(`Approval ${approvalId} expired at`);
    expect(runsOn(approvalId)).toBe(0);
    expect(refusalsOf(approvalId)).toContain('conflict:approval-expired');
  } finally {
    await close();
  }
});

test('a viewer cannot request a run: no form, and the action refuses', async ({ page, baseURL }) => {
  await signIn(page, emailFor('viewer'));
  await page.goto(`/playbooks/free-port-and-restart?incident=${slug}`);
  await expect(page.getByText('Your role can read playbooks but not run them.')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Run free-port-and-restart' })).toHaveCount(0);
  const before = readDb((db) => (db.prepare('SELECT COUNT(*) AS n FROM ApprovalRequest').get() as { n: number }).n);
  const r = await callAction(page.request, baseURL!, actionRef(APPROVALS, 'requestApproval'), [
    {
      playbook: 'free-port-and-restart',
      hosts: [HOST],
      params: { port: String(servicePort), unit: 'web' },
      digest: `sha256:${'0'.repeat(64)}`,
      incidentSlug: slug,
    },
  ]);
  expect(actionOutcome(r.body)).toEqual({ ok: false, code: 'forbidden:playbook:request' });
  expect(readDb((db) => (db.prepare('SELECT COUNT(*) AS n FROM ApprovalRequest').get() as { n: number }).n)).toBe(
    before,
  );
});
