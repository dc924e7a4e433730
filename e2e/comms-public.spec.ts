import { startReceiver } from '../tests/support/webhook-receiver';
import { test, expect, commanderAndResponderOn, importFixtureIncident } from './support/fixtures';

/**
 * Issue 18 (2), two people in two browsers: public means reviewed. The
 * commander writes the incident's public title and summary; the responder's
 * switch to public starts from the public-safe template (not the internal
 * draft they were writing), shows exactly what the status page and the
 * webhook will receive, and publishes nothing until confirmed.
 */
const INTERNAL_TITLE = 'TMS Critical Issues - Root Cause Analysis & Fix Plan';
const PUBLIC_TITLE = 'Sign-in problems for some customers';
const PUBLIC_SUMMARY = 'Some customers cannot sign in to the portal.';
const INTERNAL_WORDS = 'E2E internal only: Chicago engineer restarted tms-prod-1';

let receiver: Awaited<ReturnType<typeof startReceiver>>;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

test('a public update starts from the public template, is previewed, and needs a confirm', async ({ browser }) => {
  const slug = importFixtureIncident();
  const { commander, responder, close } = await commanderAndResponderOn(browser, slug);

  await commander.getByLabel('Webhook name').fill('status-hook');
  await commander.getByLabel('Webhook URL').fill(receiver.url('/hooks/public-e2e-0001'));
  await commander.getByRole('button', { name: 'Add webhook' }).click();
  await expect(commander.getByTestId('webhook').filter({ hasText: 'status-hook' })).toHaveCount(1);
  await commander.getByRole('textbox', { name: 'Public title' }).fill(PUBLIC_TITLE);
  await commander.getByRole('textbox', { name: 'Public summary' }).fill(PUBLIC_SUMMARY);
  await commander.getByRole('button', { name: 'Save public title and summary' }).click();
  await expect(
    commander.getByRole('form', { name: 'Public title and summary' }).getByTestId('form-success'),
  ).toHaveText('Saved.');

  // The responder was writing internally; public is its own text, from the public template.
  const body = responder.getByLabel('Status update', { exact: true });
  await body.fill(INTERNAL_WORDS);
  await responder.getByLabel('public', { exact: true }).check();
  await expect(body).toHaveValue(
    new RegExp(
      `^Status: investigating — We are investigating an issue\\.\\nImpact: ${PUBLIC_SUMMARY.replace('.', '\\.')}`,
    ),
  );
  const template = await body.inputValue();
  expect(template).not.toContain('Chicago');
  expect(template).not.toMatch(/Done|Notes:|Status update every/);

  // One click is a preview, not a publish.
  await responder.getByTestId('publish-update').click();
  const preview = responder.getByTestId('public-preview');
  await expect(preview.getByTestId('preview-public-title')).toHaveText(PUBLIC_TITLE);
  await expect(preview.getByTestId('preview-status-page')).toContainText(PUBLIC_SUMMARY);
  const hookPreview = preview.getByTestId('preview-webhook').filter({ hasText: 'status-hook' });
  await expect(hookPreview).toContainText(PUBLIC_TITLE);
  await expect(hookPreview).toContainText('Status update (public) — investigating');
  await expect(preview).not.toContainText(INTERNAL_TITLE);
  await expect(responder.getByTestId('status-update')).toHaveCount(0);
  expect(receiver.received).toHaveLength(0);

  await responder.getByTestId('confirm-public-update').click();
  await expect(responder.getByTestId('form-success')).toHaveText('Published (public).');
  await expect(responder.getByTestId('status-update').first()).toHaveAttribute('data-audience', 'public');
  // The internal words were not lost, and never went public.
  await responder.getByLabel('internal', { exact: true }).check();
  await expect(body).toHaveValue(INTERNAL_WORDS);

  await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
  const sent = JSON.parse(receiver.received[0]!.body) as { text: string };
  expect(sent.text).toContain(`${PUBLIC_TITLE}\nStatus update (public) — investigating\n\n${template}`);
  expect(sent.text).not.toContain(INTERNAL_TITLE);

  const anonymous = await browser.newContext();
  const statusPage = await anonymous.newPage();
  await statusPage.goto(`/status/${slug}`);
  await expect(statusPage.getByTestId('public-title')).toHaveText(PUBLIC_TITLE);
  await expect(statusPage.getByTestId('public-summary')).toHaveText(PUBLIC_SUMMARY);
  await expect(statusPage.getByTestId('public-update')).toHaveCount(1);
  await expect(statusPage.getByTestId('public-update')).toContainText(template.split('\n')[0]!);
  expect(await statusPage.content()).not.toContain('Root Cause Analysis');

  await anonymous.close();
  await close();
});
