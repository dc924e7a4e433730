import { test, expect, signIn, emailFor, importFixtureIncident } from './support/fixtures';

/** The incident list is on the tab's stream too: a status change elsewhere shows without a reload. */
test('the incident list follows a status change made in another browser', async ({ browser }) => {
  const slug = importFixtureIncident();
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signIn(a, emailFor('viewer'));
  await signIn(b, emailFor('commander'));
  await a.goto('/incidents');
  await expect(a.getByTestId('stream-state')).toHaveText('live');
  const row = a.getByTestId(`incident-row-${slug}`);
  await expect(row).toContainText('investigating');
  await a.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await b.goto(`/incidents/${slug}`);
  await b.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'identified', exact: true }).click();
  await expect(b.getByTestId('incident-status')).toHaveText('identified');

  await expect(row).toContainText('identified');
  expect(await a.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await a.context().close();
  await b.context().close();
});
