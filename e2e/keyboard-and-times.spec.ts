import type { Page } from '@playwright/test';
import { test, expect, signIn, emailFor, importFixtureIncident, readDb } from './support/fixtures';

/**
 * Issue 17, the behaviour half: times that name their zone (and a backdated
 * note read in the viewer's zone), the tab title and favicon, keys that work
 * from page load, the command palette by keyboard alone, the public status
 * page refreshing itself.
 */
const TITLE = 'TMS Critical Issues - Root Cause Analysis & Fix Plan';

/** React in production reports a hydration mismatch as minified error #418/#423/#425. */
function collectHydrationErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /hydrat|#418|#423|#425/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (/hydrat|#418|#423|#425/i.test(e.message)) errors.push(e.message);
  });
  return errors;
}

test.describe('times in the viewer zone', () => {
  test('a note typed as 2026-11-30 21:12 in a Chicago browser is 03:12 UTC, shown as 21:12 CST', async ({
    browser,
  }) => {
    const slug = importFixtureIncident();
    const context = await browser.newContext({ timezoneId: 'America/Chicago' });
    const page = await context.newPage();
    const hydration = collectHydrationErrors(page);
    await signIn(page, emailFor('commander'));
    await page.goto(`/incidents/${slug}`);
    await expect(page.getByTestId('note-when-zone')).toHaveText(
      'Times without a zone are read as America/Chicago (CST).',
    );
    await page.getByLabel('Note', { exact: true }).fill('Backdated: the pager fired');
    await page.getByLabel('When (optional)').fill('2026-11-30 21:12');
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    const event = page.getByTestId('timeline-event').filter({ hasText: 'Backdated: the pager fired' });
    const time = event.locator('time');
    await expect(time).toHaveText('2026-11-30 21:12:00 CST');
    await expect(time).toHaveAttribute('title', /^2026-12-01 03:12:00 UTC — entered as America\/Chicago CST/);
    await expect(time).toHaveAttribute('datetime', '2026-12-01T03:12:00.000Z');
    const stored = readDb(
      (db) =>
        db
          .prepare(
            `SELECT t.at FROM "TimelineEvent" t JOIN "Incident" i ON i.id = t.incidentId WHERE i.slug = ? AND t.summary = ?`,
          )
          .get(slug, 'Backdated: the pager fired') as { at: number | string },
    );
    expect(new Date(stored.at).toISOString()).toBe('2026-12-01T03:12:00.000Z');

    // The browser told the server its zone: the next page arrives already in CST (no swap after load).
    const html = await (await context.request.get(`/incidents/${slug}`)).text();
    expect(html).toContain('2026-11-30 21:12:00 CST');
    await page.reload();
    await expect(time).toHaveText('2026-11-30 21:12:00 CST');
    expect(hydration).toEqual([]);
    await context.close();
  });

  test('the header shows how long the incident has been open', async ({ page }) => {
    const slug = importFixtureIncident();
    await signIn(page, emailFor('viewer'));
    await page.goto(`/incidents/${slug}`);
    await expect(page.getByTestId('incident-elapsed')).toHaveText(/^open for \d+(m|h \d+m|d \d+h)/);
  });
});

test.describe('tab and icon', () => {
  test('the title reads SEV · status · name and follows a status change', async ({ page }) => {
    const slug = importFixtureIncident();
    await signIn(page, emailFor('commander'));
    await page.goto(`/incidents/${slug}`);
    const severity = await page.getByTestId('incident-severity').innerText();
    await expect(page).toHaveTitle(`${severity} · investigating · ${TITLE}`);
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'identified', exact: true }).click();
    await expect(page).toHaveTitle(`${severity} · identified · ${TITLE}`);
    await page.goto('/incidents');
    await expect(page).toHaveTitle('Incidents · warroom');
  });

  test('an overdue cadence puts ⚠ overdue first and turns the favicon red', async ({ browser }) => {
    const slug = importFixtureIncident();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, emailFor('viewer'));
    const overdueIcon = page.locator('link[rel~="icon"][href="/icon-overdue.svg"]');
    const lastIcon = () =>
      page.evaluate(() => [...document.querySelectorAll('link[rel~="icon"]')].at(-1)?.getAttribute('href'));
    await page.goto(`/incidents/${slug}`);
    await expect(overdueIcon).toHaveCount(0);
    expect(await lastIcon()).toBe('/icon.svg');
    // The reference incident updates every 15 minutes: 20 minutes on, the update is late.
    await page.clock.install({ time: new Date(Date.now() + 20 * 60_000) });
    await page.reload();
    await expect(page).toHaveTitle(/^⚠ overdue · SEV\d · investigating · TMS Critical/);
    // The browser uses the last icon declared: the red one, while the update is late.
    await expect(overdueIcon).toHaveCount(1);
    expect(await lastIcon()).toBe('/icon-overdue.svg');
    await expect(page.getByTestId('cadence-announcer')).toHaveText('A status update is overdue.');
    await context.close();
  });

  test('/favicon.ico and the SVG icons are real icons, signed in or not', async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    const ico = await anonymous.get('/favicon.ico');
    expect(ico.status()).toBe(200);
    const bytes = await ico.body();
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // ICONDIR: reserved 0, type 1 (icon)
    for (const svg of ['/icon.svg', '/icon-overdue.svg']) {
      const res = await anonymous.get(svg, { maxRedirects: 0 });
      expect(res.status(), svg).toBe(200);
      expect(await res.text()).toContain('<svg');
    }
    await anonymous.dispose();
  });
});

test.describe('keyboard', () => {
  let slug: string;
  test.beforeAll(() => {
    slug = importFixtureIncident();
  });

  test('j works on page load, e opens details, Esc closes them, ? lists the shortcuts', async ({ page }) => {
    await signIn(page, emailFor('responder'));
    await page.goto(`/incidents/${slug}`);
    await expect(page.getByTestId('stream-state')).toHaveText(/live/);
    await expect(page.getByTestId('keyboard-hint')).toBeVisible();
    const first = page.getByTestId('checklist-item').first();
    await page.keyboard.press('j');
    await expect(first).toBeFocused();
    await page.keyboard.press('e');
    const details = first.getByTestId('item-details');
    await expect(details).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(details).toBeHidden();
    await expect(first).toBeFocused();

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expect(help).toContainText('tick or untick the item');
    await expect(help).toContainText('open the command palette');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    // Typed into a field, the same keys are text.
    await page.getByLabel('Note', { exact: true }).fill('');
    await page.getByLabel('Note', { exact: true }).press('j');
    await expect(page.getByLabel('Note', { exact: true })).toHaveValue('j');
  });

  test('no tick hint for a viewer, nor on a touch screen', async ({ browser }) => {
    const viewer = await (await browser.newContext()).newPage();
    await signIn(viewer, emailFor('viewer'));
    await viewer.goto(`/incidents/${slug}`);
    await expect(viewer.getByTestId('section-checklists')).toBeVisible();
    await expect(viewer.getByTestId('keyboard-hint')).toHaveCount(0);
    await viewer.context().close();

    const phone = await (
      await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } })
    ).newPage();
    await signIn(phone, emailFor('responder'));
    await phone.goto(`/incidents/${slug}`);
    expect(await phone.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    await expect(phone.getByTestId('keyboard-hint')).toBeHidden();
    await phone.context().close();
  });

  test('another browser’s tick is announced politely, without taking focus', async ({ browser }) => {
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    await signIn(a, emailFor('responder'));
    await signIn(b, emailFor('commander'));
    await a.goto(`/incidents/${slug}`);
    await b.goto(`/incidents/${slug}`);
    await expect(b.getByTestId('stream-state')).toHaveText(/live/);
    const note = b.getByLabel('Note', { exact: true });
    await note.focus();
    await a.getByRole('checkbox', { name: 'checklist item Backup database' }).check();
    await expect(b.getByTestId('checklist-announcer')).toHaveText(/^responder.* ticked "Backup database"$/);
    await expect(b.getByTestId('checklist-announcer')).toHaveAttribute('aria-live', 'polite');
    await expect(note).toBeFocused();
    await a.context().close();
    await b.context().close();
  });
});

test.describe('command palette', () => {
  test('keyboard only: jump to an incident, tick the next item, start an update', async ({ page }) => {
    importFixtureIncident();
    await signIn(page, emailFor('responder'));
    await page.goto('/runs');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    // The shortcut listens once the page has hydrated; a key pressed before that reaches nothing.
    await expect(async () => {
      if (!(await palette.isVisible())) await page.keyboard.press('Control+k');
      await expect(palette).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    const box = palette.getByRole('combobox', { name: 'Jump to or do' });
    await expect(box).toBeFocused();
    await expect(palette.getByRole('option').filter({ hasText: TITLE }).first()).toBeVisible();
    await page.keyboard.type('tms critical');
    await expect(palette.getByRole('option').first()).toContainText(TITLE);
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(page).toHaveURL(/\/incidents\/tms-critical-issues/);
    await expect(page.getByTestId('stream-state')).toHaveText(/live/);

    const firstOpen = page.locator('[data-testid="checklist-item"][data-done="false"]').first();
    const text = await firstOpen.getAttribute('data-item-id');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('tick next');
    await expect(palette.getByRole('option', { selected: true })).toContainText('Tick next item');
    await page.keyboard.press('Enter');
    await expect(page.locator(`[data-item-id="${text}"]`)).toHaveAttribute('data-done', 'true');
    await expect(page.locator(`[data-item-id="${text}"]`)).toBeFocused();

    await page.keyboard.press('Meta+k');
    await expect(palette).toBeVisible();
    await page.keyboard.type('publish update');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('compose-body')).toBeFocused();
  });

  test('a viewer is offered only what a viewer may do', async ({ page }) => {
    await signIn(page, emailFor('viewer'));
    const slug = importFixtureIncident();
    await page.goto(`/incidents/${slug}`);
    await expect(page.getByTestId('stream-state')).toHaveText(/live/);
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette.getByRole('option').filter({ hasText: TITLE }).first()).toBeVisible();
    const options = await palette.getByRole('option').allInnerTexts();
    for (const forbidden of [/Tick next item/, /Publish update/, /Run playbook/, /^Hosts/]) {
      expect(
        options.filter((o) => forbidden.test(o)),
        `${forbidden} offered to a viewer`,
      ).toEqual([]);
    }
    const api = await page.request.get('/api/palette');
    const kinds = new Set(((await api.json()) as { targets: { kind: string }[] }).targets.map((t) => t.kind));
    expect(kinds.has('host')).toBe(false);
    expect(kinds.has('incident')).toBe(true);
  });
});

test.describe('public status page', () => {
  test('a published public update appears without a reload; times are UTC; the feed is cacheable', async ({
    browser,
  }) => {
    const slug = importFixtureIncident();
    const commander = await (await browser.newContext()).newPage();
    await signIn(commander, emailFor('commander'));
    await commander.goto(`/incidents/${slug}`);
    const publish = async (text: string) => {
      const body = commander.getByLabel('Status update', { exact: true });
      // Public starts from the public-safe template and goes out only after its preview (comms.spec.ts).
      await commander.getByLabel('public', { exact: true }).check();
      await body.fill(text);
      await commander.getByTestId('publish-update').click();
      await expect(commander.getByTestId('public-preview')).toContainText(text);
      await commander.getByTestId('confirm-public-update').click();
      await expect(commander.getByTestId('form-success')).toHaveText('Published (public).');
    };
    await publish('We are investigating slow check-outs.');

    const visitor = await (await browser.newContext({ timezoneId: 'America/Chicago' })).newPage();
    await visitor.goto(`/status/${slug}`);
    await expect(visitor.getByTestId('public-update')).toHaveCount(1);
    await expect(visitor.getByTestId('public-update').first().locator('time')).toHaveText(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/,
    );
    await expect(visitor.getByText('All times are UTC.')).toBeVisible();
    await visitor.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    await publish('A fix is rolling out.');
    // One poll (10 s) plus at most one cache window (10 s).
    await expect(visitor.getByTestId('public-update').first()).toContainText('A fix is rolling out.', {
      timeout: 25_000,
    });
    expect(await visitor.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    const feed = await visitor.request.get(`/status/${slug}/feed.json`);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['cache-control']).toBe('public, max-age=10');
    const json = (await feed.json()) as { title: string; updates: { body: string }[] };
    expect(json.title).toBe(await visitor.getByTestId('public-title').innerText());
    expect(json.title).not.toBe(TITLE); // the public title, never the internal one
    expect(JSON.stringify(json)).not.toMatch(/@e2e\.test|tms-prod/);
    await commander.context().close();
    await visitor.context().close();
  });
});
