import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, emailFor, commanderAndResponderOn, importFixtureIncident, readDb } from './support/fixtures';

/**
 * Issue 18 (4), the commander managing webhooks and a responder publishing,
 * in two browsers, against a real HTTP receiver on loopback. Before: a
 * failure was one timeline line, nothing on the webhook, no test or retry,
 * internal updates went to every webhook, and the form said "Check the form:
 * url — Use an http:// or https:// URL..". Now each webhook shows its last
 * delivery, can be sent a marked test, a failed delivery can be retried
 * (once), and each webhook says which updates it receives.
 */
type Hit = { path: string; text: string };
const hits: Hit[] = [];
// Per path: how many requests still get a 500 before the receiver recovers.
const failuresLeft = new Map<string, number>();
let receiver: http.Server;
let base = '';

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '';
      hits.push({ path, text: (JSON.parse(body || '{}') as { text?: string }).text ?? '' });
      const left = failuresLeft.get(path) ?? 0;
      if (left > 0) failuresLeft.set(path, left - 1);
      res.writeHead(left > 0 ? 500 : 200).end(left > 0 ? 'no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

const pathsHit = () => hits.map((h) => h.path);

test('webhooks say what they receive and how the last delivery went; test and retry', async ({ browser }) => {
  test.setTimeout(120_000);
  const slug = importFixtureIncident();
  const { commander, responder, close } = await commanderAndResponderOn(browser, slug);

  // Form errors in plain words: the field's label, one full stop.
  const addForm = commander.getByRole('form', { name: 'Add a webhook' });
  const addError = addForm.locator('xpath=..').getByTestId('form-error');
  await commander.getByLabel('Webhook name').fill('customers');
  await commander.getByLabel('Webhook URL').fill('ftp://chat.example.com/hook');
  await addForm.getByRole('button', { name: 'Add webhook' }).click();
  await expect(addError).toHaveText('Webhook URL: Use an http:// or https:// URL.');

  await commander.getByLabel('Webhook URL').fill(`${base}/customers/hook-0001`);
  await commander.getByLabel('Webhook receives').selectOption('public');
  await addForm.getByRole('button', { name: 'Add webhook' }).click();
  await expect(addError).toHaveCount(0);
  await commander.getByLabel('Webhook name').fill('ops');
  await commander.getByLabel('Webhook URL').fill(`${base}/ops/hook-0002`);
  await addForm.getByRole('button', { name: 'Add webhook' }).click();
  const ops = commander.getByTestId('webhook').filter({ hasText: 'ops' }).filter({ hasNotText: 'customers' });
  const customers = commander.getByTestId('webhook').filter({ hasText: 'customers' });
  await expect(ops.getByTestId('webhook-audience')).toHaveValue('all');
  await expect(customers.getByTestId('webhook-audience')).toHaveValue('public');
  await expect(ops.getByTestId('webhook-last-delivery')).toHaveText('No deliveries yet.');

  // An internal update reaches only the webhook that takes internal updates.
  await responder.getByLabel('internal', { exact: true }).check();
  await responder.getByLabel('Status update', { exact: true }).fill('E2E internal: zombie pid 4242 on tms-prod-1.');
  await responder.getByTestId('publish-update').click();
  await expect(responder.getByTestId('form-success')).toHaveText('Published (internal).');
  await expect.poll(pathsHit).toEqual(['/ops/hook-0002']);
  await expect(ops.getByTestId('webhook-last-delivery')).toHaveAttribute('data-status', 'delivered');
  await expect(ops.getByTestId('webhook-last-delivery')).toContainText('Last update delivered (HTTP 200, 1 attempt)');
  await expect(customers.getByTestId('webhook-last-delivery')).toHaveText('No deliveries yet.');

  // A public update: the customers receiver fails first (4 × 500), and the webhook says so — live.
  failuresLeft.set('/customers/hook-0001', 4);
  await responder.getByLabel('public', { exact: true }).check();
  await responder.getByTestId('publish-update').click();
  await responder.getByTestId('confirm-public-update').click();
  await expect(responder.getByTestId('form-success')).toHaveText('Published (public).');
  const customersLast = customers.getByTestId('webhook-last-delivery');
  await expect(customersLast).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await expect(customersLast).toContainText('Last update failed after 4 attempts: HTTP 500');
  expect(hits.filter((h) => h.path === '/customers/hook-0001')).toHaveLength(4);

  // Retry: the receiver has recovered; it is delivered once and the Retry button goes away.
  await customersLast.getByRole('button', { name: 'Retry' }).click();
  await expect(customersLast).toHaveAttribute('data-status', 'delivered', { timeout: 20_000 });
  await expect(customersLast).toContainText('Last update delivered (HTTP 200, 1 attempt)');
  await expect(customersLast.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  const customerHits = hits.filter((h) => h.path === '/customers/hook-0001');
  expect(customerHits).toHaveLength(5);
  expect(customerHits[4]?.text).toBe(customerHits[0]?.text);

  // Send test: a marked message through the same path.
  await ops.getByRole('button', { name: 'Send test' }).click();
  await expect(ops.getByTestId('webhook-last-delivery')).toHaveAttribute('data-kind', 'test');
  await expect(ops.getByTestId('webhook-last-delivery')).toContainText('Test message delivered (HTTP 200, 1 attempt)');
  expect(hits.at(-1)?.path).toBe('/ops/hook-0002');
  expect(hits.at(-1)?.text).toMatch(/^\[TEST\] .*\n\[TEST\] warroom test message — this is not a status update/);

  // The responder sees it on the timeline; each step is audited under the person who asked.
  for (const line of [
    'Webhook customers failed after 4 attempts: HTTP 500',
    'Retry of the update to webhook customers requested',
    'Webhook customers delivered: HTTP 200 after 1 attempt',
    'Webhook ops test message delivered: HTTP 200 after 1 attempt',
  ]) {
    await expect(responder.getByTestId('timeline-event').filter({ hasText: line })).toHaveCount(1);
  }
  const audited = readDb(
    (db) =>
      db
        .prepare(
          `SELECT action, actorEmail FROM "AuditEntry" WHERE action IN ('comms.webhook-retry', 'comms.webhook-test')`,
        )
        .all() as { action: string; actorEmail: string }[],
  );
  expect(audited).toEqual(
    expect.arrayContaining([
      { action: 'comms.webhook-retry', actorEmail: emailFor('commander') },
      { action: 'comms.webhook-test', actorEmail: emailFor('commander') },
    ]),
  );

  // The responder may publish but not manage webhooks: no webhook controls on their page.
  await expect(responder.getByRole('button', { name: 'Send test' })).toHaveCount(0);
  await close();
});
