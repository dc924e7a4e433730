import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, signIn, emailFor } from './support/fixtures';
import { runCli } from '../tests/support/cli';
import { startTestHosts, type TestHosts } from '../tests/support/sshd';

/**
 * A playbook run from the browser against a real sshd: the dry run shown
 * before Run, output streaming in while the step runs (colours, a progress
 * line), a reload mid-run showing the output so far, and a viewer who sees
 * the run's status but not its output.
 */
test.describe.configure({ mode: 'serial' });

let sshd: TestHosts;
// The CLI on the e2e server's database, with the secrets e2e/support/serve.sh gives the server.
const env = () => ({
  ...process.env,
  WARROOM_DATA_DIR: process.env.E2E_DATA_DIR!,
  AUTH_SECRET: process.env.AUTH_SECRET ?? 'e2e-auth-secret-0123456789abcdef0123456789',
  WARROOM_SECRET_KEY:
    process.env.WARROOM_SECRET_KEY ?? '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  WARROOM_LOG_LEVEL: 'silent',
});

const DEMO = `name: slow-demo
title: Slow demo
description: Prints a progress line, a coloured line, then a line every 300 ms.
destructive: false
params:
  count: { type: int, min: 1, max: 100, default: 12 }
steps:
  - id: lines
    name: Lines
    kind: run
    run: printf '\\r10%%\\r99%%\\n\\033[31mred alert\\033[0m\\n'; i=1; while [ "$i" -le {{ count }} ]; do echo "line $i"; sleep 0.3; i=$((i + 1)); done
`;

test.beforeAll(async () => {
  sshd = await startTestHosts(1);
  const h = sshd.host(0);
  const add = runCli(env(), sshd.hostAddArgs(0, 'e2e-run-host'));
  expect(add.code, add.stderr).toBe(0);
  expect(runCli(env(), ['host', 'trust', 'e2e-run-host', '--fingerprint', h.hostKeyPin!]).code).toBe(0);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-e2e-pb-')), 'slow-demo.yaml');
  fs.writeFileSync(file, DEMO);
  expect(runCli(env(), ['playbook', 'save', file]).code).toBe(0);
  fs.rmSync(path.dirname(file), { recursive: true, force: true }); // saved: its source is in the database
});

test.afterAll(async () => {
  await sshd?.stop();
});

test('a responder dry-runs, runs, and watches the output stream in; a reload keeps it', async ({ page }) => {
  await signIn(page, emailFor('responder'));
  await page.goto('/playbooks');
  await page.getByRole('link', { name: 'Slow demo' }).click();
  const form = page.getByRole('form', { name: 'Run slow-demo' });
  await form.getByLabel('e2e-run-host').check();
  await form.getByRole('button', { name: 'Dry run' }).click();
  await expect(form.getByTestId('dry-run-command')).toContainText(`while [ "$i" -le '12' ]`);
  await form.getByRole('button', { name: 'Run on 1 host' }).click();

  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const output = page.getByTestId('run-output');
  await expect(output).toContainText('line 2');
  // The progress line shows its last state; the colour is rendered, not printed as escape codes.
  await expect(output).toContainText('99%');
  await expect(output).not.toContainText('10%');
  await expect(output.getByText('red alert')).toHaveCSS('color', 'rgb(187, 0, 0)');
  await expect(output).not.toContainText('[31m');

  await page.reload();
  await expect(page.getByTestId('run-output')).toContainText('line 1');
  await expect(page.getByTestId('run-output')).toContainText('line 12', { timeout: 20_000 });
  await expect(page.getByRole('tab', { name: /e2e-run-host/ })).toContainText('succeeded');
});

test('a viewer sees the run and its steps, not its output or commands', async ({ page }) => {
  await signIn(page, emailFor('viewer'));
  await page.goto('/runs');
  await page.getByTestId('run-row').first().getByRole('link').click();
  await expect(page.getByTestId('run-step').first()).toContainText('Lines');
  await expect(page.getByTestId('run-output')).toHaveCount(0);
  expect(await page.content()).not.toContain('line 3');
});
