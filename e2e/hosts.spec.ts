import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { test, expect, signIn, emailFor, readDb } from './support/fixtures';
import { startTestHosts, type TestHosts } from '../tests/support/sshd';
import { defined } from '../tests/support/defined';

/**
 * The host inventory end to end, against a real OpenSSH sshd on loopback:
 * add a host with a pasted key, trust its host key after comparing it with
 * `ssh-keygen -lf`, test it, see a swapped key refused, re-pin.
 */
test.describe.configure({ mode: 'serial' });

const HOST = 'e2e-web-1';
let sshd: TestHosts;
let privateKey: string;

function sshKeygenFingerprint(pubPath: string): string {
  return defined(execFileSync('ssh-keygen', ['-lf', pubPath], { encoding: 'utf8' }).split(' ')[1], 'fingerprint');
}

/** The key must never come back to a browser: neither whole nor any line of its body. */
function expectNoPrivateKey(html: string) {
  expect(html).not.toContain(privateKey.trim());
  for (const line of privateKey.split('\n').filter((l) => l.length > 40)) expect(html).not.toContain(line);
}

/** This spec's host's audit trail: other specs add hosts to the same database. */
function hostAudit(): string[] {
  return readDb((db) =>
    (
      db
        .prepare(
          `SELECT action FROM "AuditEntry" WHERE "targetType" = 'host'
             AND "targetId" = (SELECT id FROM "Host" WHERE name = ?) ORDER BY seq`,
        )
        .all(HOST) as { action: string }[]
    ).map((r) => r.action),
  );
}

test.beforeAll(async () => {
  sshd = await startTestHosts(1);
  privateKey = fs.readFileSync(sshd.clientKeyPath, 'utf8');
});

test.afterAll(async () => {
  await sshd?.stop();
});

test('an admin adds a host, trusts the host key ssh-keygen shows, and tests the connection', async ({ page }) => {
  await signIn(page, emailFor('admin'));
  await page.goto('/hosts');
  const form = page.getByRole('form', { name: 'Add a host' });
  await form.getByLabel('Name', { exact: true }).fill(HOST);
  await form.getByLabel('Address').fill('127.0.0.1');
  await form.getByLabel('Port').fill(String(sshd.host(0).port));
  await form.getByLabel('SSH user').fill('warroom-test');
  await form.getByLabel('Tags (comma-separated)').fill('e2e, frontend');
  await form.getByLabel(/^Private key/).fill(privateKey);
  await form.getByRole('button', { name: 'Add host' }).click();
  await expect(form.getByTestId('form-success')).toContainText(`Added ${HOST}`);
  // The public half of the pasted key is shown for authorized_keys; the private half is gone from the form.
  await expect(form.getByTestId('public-key-line')).toHaveText(
    fs.readFileSync(`${sshd.clientKeyPath}.pub`, 'utf8').split(' ').slice(0, 2).join(' '),
  );
  await expect(form.getByLabel(/^Private key/)).toHaveValue('');

  const row = page.getByTestId(`host-row-${HOST}`);
  await expect(row).toContainText('not trusted');
  await expect(row).toContainText(`127.0.0.1:${sshd.host(0).port}`);
  expectNoPrivateKey(await page.content());

  await row.getByRole('button', { name: 'Fetch host key' }).click();
  const panel = page.getByTestId('host-key-panel');
  const expected = sshKeygenFingerprint(sshd.hostKeyPubPath(0));
  await expect(panel.getByTestId('fetched-fingerprint')).toHaveText(expected);
  await expect(panel.getByTestId('fetched-key-type')).toHaveText('ssh-ed25519');
  expect(readDb((db) => db.prepare(`SELECT "hostKeyPin" FROM "Host" WHERE name = ?`).get(HOST))).toEqual({
    hostKeyPin: null,
  });

  await panel.getByRole('button', { name: 'Trust this key' }).click();
  await expect(page.getByTestId('pin-success')).toContainText(expected);
  await expect(row.getByTestId('host-pin-fingerprint')).toHaveText(expected);

  await row.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('test-result');
  await expect(result).toHaveAttribute('data-status', 'succeeded');
  await expect(result.getByTestId('test-output')).toContainText(/uid=\d+\(warroom-test\)/);
  await expect(row.getByTestId('host-last-test')).toContainText('OK');
  await expect(row.getByTestId('host-last-test')).toContainText('uid=');

  const stored = readDb((db) =>
    db.prepare(`SELECT "privateKeyEncrypted", "hostKeyPin" FROM "Host" WHERE name = ?`).get(HOST),
  ) as Record<string, string>;
  expect(stored.privateKeyEncrypted).toMatch(/^v1\./);
  expect(stored.hostKeyPin).toBe(expected);
  // Each connection is audited before it is made (the intent), then its outcome.
  expect(hostAudit()).toEqual([
    'host.create',
    'host.fetch-key.intent',
    'host.fetch-key',
    'host.pin.intent',
    'host.pin',
    'host.test.intent',
    'host.test',
  ]);
  expectNoPrivateKey(await page.content());
});

test('a swapped host key is refused on screen as HOST_KEY_CHANGED and audited; re-pinning is explicit', async ({
  page,
}) => {
  const oldPin = sshKeygenFingerprint(sshd.hostKeyPubPath(0));
  const newPin = await sshd.restartWithNewHostKey(0);
  await signIn(page, emailFor('admin'));
  await page.goto('/hosts');
  const row = page.getByTestId(`host-row-${HOST}`);

  await row.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('test-result');
  await expect(result).toHaveAttribute('data-status', 'host_key_changed');
  await expect(result.getByTestId('test-code')).toHaveText('HOST_KEY_CHANGED');
  await expect(result).toContainText(`expected: ${oldPin}`);
  await expect(result).toContainText(`presented: ssh-ed25519 ${newPin}`);
  await expect(row.getByTestId('host-last-test')).toContainText('HOST_KEY_CHANGED');
  // The key column says what is in question, not a green PINNED over a refused key.
  await expect(row.getByTestId('host-pin')).toHaveAttribute('data-state', 'mismatch');
  await expect(row.getByTestId('host-pin')).toContainText('key mismatch');
  await expect(row.getByTestId('host-pin')).not.toContainText('pinned');
  expect(hostAudit().at(-1)).toBe('host.key-refused');

  await row.getByRole('button', { name: 'Fetch host key' }).click();
  const panel = page.getByTestId('host-key-panel');
  await expect(panel.getByTestId('key-differs')).toContainText(oldPin);
  await expect(panel.getByTestId('fetched-fingerprint')).toHaveText(newPin);
  await panel.getByRole('button', { name: 'Re-pin to this key' }).click();
  await expect(page.getByTestId('pin-success')).toContainText(`${oldPin} → ${newPin}`);
  expect(hostAudit().at(-1)).toBe('host.repin');
  await expect(row.getByTestId('host-pin')).toHaveAttribute('data-state', 'pinned');

  await row.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toHaveAttribute('data-status', 'succeeded');
});

test('a responder sees the hosts read-only, without any secret', async ({ page }) => {
  await signIn(page, emailFor('responder'));
  await page.goto('/hosts');
  const row = page.getByTestId(`host-row-${HOST}`);
  await expect(row).toContainText('pinned');
  await expect(page.getByRole('form', { name: 'Add a host' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Fetch host key' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Test connection' })).toHaveCount(0);
  const html = await page.content();
  expectNoPrivateKey(html);
  expect(html).not.toMatch(/v1\.[\w-]{16}\./);
});

test('a viewer gets 403 on /hosts, saying why', async ({ page }) => {
  await signIn(page, emailFor('viewer'));
  const res = await page.goto('/hosts');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('forbidden-area')).toHaveText(/Your role \(viewer\) cannot open Hosts/);
});
