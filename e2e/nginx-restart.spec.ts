import { test, expect, signIn, emailFor, importFixtureIncident } from './support/fixtures';
import { setUpNginx, type Nginx } from './support/nginx';

/**
 * The reproduction: behind nginx (configured as deploy/ ships it), a
 * restart used to leave the incident page "reconnecting…" forever, and a
 * teammate's tick made meanwhile never arrived. Now the page says it is
 * offline and when it retries, comes back live by itself and shows the tick.
 */
test.describe('live updates behind nginx', () => {
  let nginx: Nginx;
  let slug: string;
  test.beforeAll(async () => {
    slug = importFixtureIncident();
    nginx = await setUpNginx(Number(process.env.E2E_PORT));
    await nginx.start();
  });
  test.afterAll(async () => {
    await nginx?.dispose();
  });

  test('a tick made while nginx is down for 4 s reaches the page without a reload', async ({ browser }) => {
    const a = await (await browser.newContext({ baseURL: nginx.url })).newPage();
    const b = await (await browser.newContext()).newPage();
    await signIn(a, emailFor('responder'));
    await signIn(b, emailFor('commander'));
    await a.goto(`/incidents/${slug}`);
    await b.goto(`/incidents/${slug}`);
    await expect(a.getByTestId('stream-state')).toHaveText('live');
    await expect(b.getByTestId('stream-state')).toHaveText('live');
    expect(new URL(a.url()).origin).toBe(nginx.url);

    // Every status text A shows, in order, and a marker a reload would wipe.
    await a.evaluate(() => {
      const w = window as unknown as { __states: string[]; __sameDocument: boolean };
      w.__states = [];
      w.__sameDocument = true;
      const el = document.querySelector('[data-testid="stream-state"]')!;
      new MutationObserver(() => {
        const text = el.textContent ?? '';
        if (w.__states.at(-1) !== text) w.__states.push(text);
      }).observe(el, { subtree: true, childList: true, characterData: true });
    });
    const failedStreams: string[] = [];
    a.on('requestfailed', (r) => {
      if (r.url().includes('/api/stream')) failedStreams.push(r.failure()?.errorText ?? 'failed');
    });

    const item = 'checklist item Backup database';
    await nginx.stop();
    const stoppedAt = Date.now();
    await expect(a.getByTestId('stream-state')).toHaveText(/^offline — retrying in \d+ s$/);

    await b.getByRole('checkbox', { name: item }).check();
    await expect(b.getByRole('checkbox', { name: item })).toBeChecked();
    // The outage lasts 4 s; A, behind the stopped proxy, cannot have the tick yet.
    await a.waitForTimeout(Math.max(0, 4000 - (Date.now() - stoppedAt)));
    await expect(a.getByRole('checkbox', { name: item })).not.toBeChecked();
    expect(failedStreams.length).toBeGreaterThan(0);

    await nginx.start();
    // Backoff is capped at 10 s; the tick arrives by replay from A's cursor.
    await expect(a.getByRole('checkbox', { name: item })).toBeChecked({ timeout: 20_000 });
    await expect(a.getByTestId('stream-state')).toHaveText('live');
    const { states, sameDocument } = await a.evaluate(() => {
      const w = window as unknown as { __states: string[]; __sameDocument?: boolean };
      return { states: w.__states, sameDocument: w.__sameDocument === true };
    });
    expect(sameDocument).toBe(true);
    expect(states.some((s) => /^offline — retrying in \d+ s$/.test(s))).toBe(true);
    expect(states.at(-1)).toBe('live');
    expect(states.indexOf('live')).toBeGreaterThan(states.findIndex((s) => s.startsWith('offline')));
    await expect(
      a.getByTestId('checklist-item').filter({ hasText: 'Backup database' }).getByTestId('done-by'),
    ).toContainText('commander');
    await a.context().close();
    await b.context().close();
  });
});
