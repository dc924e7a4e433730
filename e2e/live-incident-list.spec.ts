import { test, expect, signIn, emailFor, importFixtureIncident } from './support/fixtures';

/** The incident list is on the tab's stream too: status, severity and progress changed elsewhere show without a reload. */
test('the incident list follows status, severity and progress changed in another browser', async ({ browser }) => {
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

  const severity = b.getByTestId('incident-severity');
  const next = (await severity.innerText()) === 'SEV3' ? 'SEV2' : 'SEV3';
  await b.getByLabel('Severity').selectOption(next);
  await expect(severity).toHaveText(next);
  await expect(row).toContainText(next);

  const progress = row.getByRole('progressbar');
  const before = Number(await progress.getAttribute('aria-valuenow'));
  await b.getByRole('checkbox', { name: 'checklist item Backup database' }).check();
  await expect(progress).toHaveAttribute('aria-valuenow', String(before + 1));
  expect(await a.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await a.context().close();
  await b.context().close();
});
