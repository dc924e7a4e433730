import Database from 'better-sqlite3';
import { test, expect, commanderAndResponderOn, importFixtureIncident, dbPath, readDb } from './support/fixtures';

/**
 * Issue 18 (3), two people in two browsers. Before: any publish, even
 * internal, reset every cadence and ticked "Status update every 15 minutes"
 * for good; "every 0 minutes" answered "Could not find an interval…"; the
 * incident list showed no overdue marker. Now each cadence is kept by one
 * audience, the recurring item is done per period, impossible intervals are
 * named, and overdue shows on the incident list (live) and in the tab title.
 */
const RECURRING = 'Status update every 15 minutes';

function publicCadence(slug: string) {
  return readDb(
    (db) =>
      db
        .prepare(
          `SELECT c.lastSentAt, c.audience, i.done FROM "Cadence" c JOIN "ChecklistItem" i ON i.id = c.linkedItemId
           WHERE c.incidentId = (SELECT id FROM "Incident" WHERE slug = ?) AND c.text = ?`,
        )
        .get(slug, RECURRING) as { lastSentAt: string | null; audience: string; done: number },
  );
}

test('cadences keep their audience, the recurring item is done per period, overdue shows on the list and the tab', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const slug = importFixtureIncident();
  const { commander, responder, close } = await commanderAndResponderOn(browser, slug);

  const recurring = responder.getByTestId('cadence').filter({ hasText: RECURRING });
  await expect(recurring.getByTestId('cadence-audience')).toHaveText('kept by public updates');
  await expect(recurring.getByTestId('cadence-period')).toHaveAttribute('data-state', 'open');

  // Impossible intervals are refused, naming the value typed.
  const addForm = commander.getByRole('form', { name: 'Add a cadence' });
  const addError = addForm.locator('xpath=..').getByTestId('form-error');
  for (const [typed, says] of [
    ['Status update every 0 minutes', '"every 0 minutes" never comes round'],
    ['Status update every -5 minutes', '"every -5 minutes" is a negative interval'],
    ['Status update every 2 days', '"every 2 days" is longer than a day'],
    ['Status update whenever we can', '"Status update whenever we can" has no interval warroom can read'],
  ] as const) {
    await commander.getByLabel('New cadence').fill(typed);
    await addForm.getByRole('button', { name: 'Add cadence' }).click();
    await expect(addError).toContainText(says);
    await expect(addError).not.toContainText('Could not find');
  }

  // A one-minute cadence kept by internal updates: it goes overdue while the commander watches the list.
  await commander.getByLabel('New cadence').fill('Team sync every 1 minute');
  await commander.getByLabel('Kept by').selectOption('internal');
  await addForm.getByRole('button', { name: 'Add cadence' }).click();
  const teamSync = responder.getByTestId('cadence').filter({ hasText: 'Team sync every 1 minute' });
  await expect(teamSync.getByTestId('cadence-audience')).toHaveText('kept by internal updates');
  await commander.goto('/incidents');
  const marker = commander.getByTestId(`incident-overdue-${slug}`);
  await expect(commander.getByTestId(`incident-row-${slug}`)).toBeVisible();
  await expect(marker).toHaveCount(0);
  await expect(marker).toBeVisible({ timeout: 80_000 });
  await expect(marker).toHaveText('⚠ update overdue');
  await expect(responder).toHaveTitle(/^⚠ overdue · /);
  await expect(teamSync).toHaveAttribute('data-overdue', 'true');

  // An internal update keeps the internal cadence only: the list clears live; the public cadence is untouched.
  const body = responder.getByLabel('Status update', { exact: true });
  await responder.getByLabel('internal', { exact: true }).check();
  await body.fill('E2E team note: the zombie next-server is gone.');
  await responder.getByTestId('publish-update').click();
  await expect(responder.getByTestId('form-success')).toHaveText('Published (internal).');
  await expect(marker).toHaveCount(0);
  await expect(responder).not.toHaveTitle(/^⚠ overdue/);
  expect(publicCadence(slug)).toMatchObject({ lastSentAt: null, audience: 'public', done: 0 });
  await expect(recurring.getByTestId('cadence-period')).toHaveAttribute('data-state', 'open');

  await commander.goto(`/incidents/${slug}`);
  await commander
    .getByTestId('cadence')
    .filter({ hasText: 'Team sync every 1 minute' })
    .getByRole('button', { name: 'Stop' })
    .click();
  await expect(teamSync).toHaveCount(0);

  // A public update keeps the public cadence and ticks its item for this period — seen live by the commander.
  const linked = commander.getByTestId('checklist-item').filter({ hasText: RECURRING });
  await expect(linked).toHaveAttribute('data-done', 'false');
  await responder.getByLabel('public', { exact: true }).check();
  await responder.getByTestId('publish-update').click();
  await responder.getByTestId('confirm-public-update').click();
  await expect(responder.getByTestId('form-success')).toHaveText('Published (public).');
  await expect(linked).toHaveAttribute('data-done', 'true');
  const period = recurring.getByTestId('cadence-period');
  await expect(period).toHaveAttribute('data-state', 'done');
  await expect(period).toContainText(/done for \d\d:\d\d–\d\d:\d\d/);

  // The next period starts (the update moved 16 minutes back): the server's watcher unticks the item, live.
  const db = new Database(dbPath());
  try {
    const back = new Date(Date.now() - 16 * 60_000).toISOString().replace('Z', '+00:00');
    db.prepare(
      'UPDATE "Cadence" SET lastSentAt = ? WHERE text = ? AND incidentId = (SELECT id FROM "Incident" WHERE slug = ?)',
    ).run(back, RECURRING, slug);
  } finally {
    db.close();
  }
  await expect(linked).toHaveAttribute('data-done', 'false', { timeout: 30_000 });
  await expect(period).toHaveAttribute('data-state', 'due');
  await expect(period).toContainText(/due again since \d\d:\d\d/);
  await expect(commander.getByTestId('timeline-event').filter({ hasText: `"${RECURRING}" is due again` })).toHaveCount(
    1,
  );
  expect(publicCadence(slug).done).toBe(0);

  await close();
});
