import { test, expect, signIn, emailFor, importFixtureIncident, readDb } from './support/fixtures';

test.describe('live checklists', () => {
  let slug: string;
  test.beforeAll(() => {
    slug = importFixtureIncident();
  });

  test('A ticks and B sees it without a reload; B unticks and A sees that', async ({ browser }) => {
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    await signIn(a, emailFor('responder'));
    await signIn(b, emailFor('commander'));
    await a.goto(`/incidents/${slug}`);
    await b.goto(`/incidents/${slug}`);
    await expect(a.getByTestId('stream-state')).toHaveText(/live/);
    await expect(b.getByTestId('stream-state')).toHaveText(/live/);

    const onA = a.getByRole('checkbox', { name: 'checklist item Backup database' });
    const onB = b.getByRole('checkbox', { name: 'checklist item Backup database' });
    await expect(onB).not.toBeChecked();
    await onA.check();
    await expect(onB).toBeChecked();
    await expect(
      b.getByTestId('checklist-item').filter({ hasText: 'Backup database' }).getByTestId('done-by'),
    ).toContainText('responder');

    await onB.uncheck();
    await expect(onA).not.toBeChecked();
    const version = readDb(
      (db) =>
        (
          db
            .prepare(
              `SELECT version FROM "ChecklistItem" i JOIN "ChecklistGroup" g ON g.id = i.groupId JOIN "Checklist" c ON c.id = g.checklistId JOIN "Incident" n ON n.id = c.incidentId WHERE n.slug = ? AND i.text = 'Backup database'`,
            )
            .get(slug) as { version: number }
        ).version,
    );
    expect(version).toBe(3);
    await a.context().close();
    await b.context().close();
  });

  test('keyboard: j/k move between items and x ticks', async ({ page }) => {
    await signIn(page, emailFor('responder'));
    await page.goto(`/incidents/${slug}`);
    await expect(page.getByTestId('stream-state')).toHaveText(/live/);
    await page.getByTestId('checklist-item').first().focus();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('x');
    const second = page.getByTestId('checklist-item').nth(1);
    await expect(second).toBeFocused();
    await expect(second.getByRole('checkbox')).toBeChecked();
    await page.reload();
    await expect(page.getByTestId('checklist-item').nth(1).getByRole('checkbox')).toBeChecked();
  });

  test('a refused tick rolls back with a message (viewer cannot tick; stale version conflicts)', async ({
    browser,
  }) => {
    const viewer = await (await browser.newContext()).newPage();
    await signIn(viewer, emailFor('viewer'));
    await viewer.goto(`/incidents/${slug}`);
    await expect(viewer.getByRole('checkbox', { name: 'checklist item Backup current codebase' })).toBeDisabled();

    // A's event stream is blocked, so A keeps showing the version it loaded;
    // B changes the item; A's stale tick must come back as a conflict with
    // the fresh state, never overwrite B's change.
    const a = await (await browser.newContext()).newPage();
    await signIn(a, emailFor('responder'));
    await a.route('**/api/stream?*', (route) => route.abort());
    await a.goto(`/incidents/${slug}`);
    const b = await (await browser.newContext()).newPage();
    await signIn(b, emailFor('commander'));
    await b.goto(`/incidents/${slug}`);
    await b.getByRole('checkbox', { name: 'checklist item Backup current codebase' }).check();
    await expect(b.getByRole('checkbox', { name: 'checklist item Backup current codebase' })).toBeChecked();

    const stale = a.getByTestId('checklist-item').filter({ hasText: 'Backup current codebase' });
    await expect(stale.getByRole('checkbox')).not.toBeChecked();
    await stale.getByRole('button', { name: 'Details of Backup current codebase' }).click();
    await stale.getByLabel('Comment').fill('stale comment');
    await stale.getByRole('button', { name: 'Save comment' }).click();
    await expect(a.getByTestId('checklist-notice')).toContainText(
      '"Backup current codebase" was changed by someone else',
    );
    // The conflict carried the fresh state: now A shows B's tick, and no comment was stored.
    await expect(stale.getByRole('checkbox')).toBeChecked();
    await expect(stale).not.toContainText('stale comment');
    for (const p of [viewer, a, b]) await p.context().close();
  });

  test('items can be added, edited, reordered and removed, each on the timeline', async ({ browser }) => {
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    await signIn(a, emailFor('responder'));
    await signIn(b, emailFor('commander'));
    await a.goto(`/incidents/${slug}`);
    await b.goto(`/incidents/${slug}`);
    await expect(b.getByTestId('stream-state')).toHaveText(/live/);
    const group = a.getByTestId('checklist-deployment').getByTestId('checklist-group').first();
    await group.getByLabel('New item').fill('Snapshot the staging VM');
    await group.getByRole('button', { name: 'Add' }).click();
    await expect(b.getByTestId('checklist-item').filter({ hasText: 'Snapshot the staging VM' })).toHaveCount(1);

    const item = a.getByTestId('checklist-item').filter({ hasText: 'Snapshot the staging VM' });
    await item.getByRole('button', { name: 'Details of Snapshot the staging VM' }).click();
    await item.getByLabel('Item text').fill('Snapshot the staging VM (disk + config)');
    await item.getByRole('button', { name: 'Save text' }).click();
    await expect(
      b.getByTestId('checklist-item').filter({ hasText: 'Snapshot the staging VM (disk + config)' }),
    ).toHaveCount(1);

    const edited = a.getByTestId('checklist-item').filter({ hasText: 'Snapshot the staging VM (disk + config)' });
    await edited.getByRole('button', { name: 'Move up' }).click();
    const bGroup = b.getByTestId('checklist-deployment').getByTestId('checklist-group').first();
    await expect(bGroup.getByTestId('checklist-item').nth(3)).toContainText('Snapshot the staging VM (disk + config)');
    await edited.getByRole('button', { name: 'Remove' }).click();
    await expect(b.getByTestId('checklist-item').filter({ hasText: 'Snapshot the staging VM' })).toHaveCount(0);

    await b.reload();
    for (const text of [
      'Added "Snapshot the staging VM"',
      'Edited "Snapshot the staging VM"',
      'Moved "Snapshot the staging VM (disk + config)" up',
      'Removed "Snapshot the staging VM (disk + config)"',
    ]) {
      await expect(b.getByTestId('timeline-event').filter({ hasText: text })).toHaveCount(1);
    }
    await a.context().close();
    await b.context().close();
  });
});
