import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test, expect, signIn, emailFor, readDb, dbPath, createFromImportForm } from './support/fixtures';

/**
 * The communication plan end to end: a commander's status change shows up
 * in the responder's prefilled draft; publishing ticks the linked
 * communication item, resets the countdown and posts Slack JSON to a real
 * local receiver; the anonymous status page shows the public update and
 * nothing internal; an overdue cadence turns red, notifies once, and the
 * server's watcher records the miss; a viewer sees the countdown only.
 */
const fixture = path.join(__dirname, '..', 'fixtures', 'tms-rca.md');
const SECRET_TOKEN = 'e2e-s3cret-t0ken-9a8b';
const PUBLIC_BODY = 'E2E public: the frontend is back and SSO sign-in works again.';
const INTERNAL_BODY = 'E2E internal-only: zombie next-server pid was on tms-prod-1.';

type Hit = { path: string; contentType?: string; json: { text?: string; blocks?: unknown[] } };
const hits: Hit[] = [];
let receiver: http.Server;
let hookUrl = '';
let slug = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', contentType: req.headers['content-type'], json: JSON.parse(body || '{}') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T0/B0/${SECRET_TOKEN}`;
});

test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

test('a commander imports the plan, moves the status and adds a webhook', async ({ page }) => {
  await signIn(page, emailFor('commander'));
  await page.goto('/incidents/import');
  await page.getByLabel('Markdown file').setInputFiles(fixture);
  await createFromImportForm(page);
  await expect(page).toHaveURL(/\/incidents\/(?!import$)[a-z0-9-]+$/);
  slug = new URL(page.url()).pathname.split('/').pop()!;

  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'identified', exact: true }).click();
  await expect(page.getByTestId('incident-status')).toHaveText('identified');

  await page.getByLabel('Webhook name').fill('ops-slack');
  await page.getByLabel('Webhook URL').fill(hookUrl);
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const hook = page.getByTestId('webhook').filter({ hasText: 'ops-slack' });
  await expect(hook).toContainText(/http:\/\/127\.0\.0\.1:\d+\/…9a8b/);
  await expect(page.getByLabel('Webhook URL')).toHaveValue('');
  expect(await page.content()).not.toContain(SECRET_TOKEN);
});

test('a responder publishes the prefilled draft: item ticked, countdown reset, webhook posted', async ({ page }) => {
  await signIn(page, emailFor('responder'));
  await page.goto(`/incidents/${slug}`);
  const linked = page.getByTestId('checklist-item').filter({ hasText: 'Status update every 15 minutes' });
  await expect(linked).toHaveAttribute('data-done', 'false');

  const body = page.getByLabel('Status update', { exact: true });
  await expect(body).toHaveValue(/^Status: identified \(was investigating\)\./);
  await expect(body).toHaveValue(/Next update by \d\d:\d\d UTC\./);
  // Public starts from the public-safe template, and is published only after its preview.
  await page.getByLabel('public', { exact: true }).check();
  await expect(body).toHaveValue(/^Status: identified — /);
  await body.fill(`${await body.inputValue()}\n${PUBLIC_BODY}`);
  await page.getByTestId('publish-update').click();
  await expect(page.getByTestId('public-preview')).toContainText(PUBLIC_BODY);
  await page.getByTestId('confirm-public-update').click();

  await expect(page.getByTestId('form-success')).toHaveText('Published (public).');
  await expect(linked).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('status-update').first()).toContainText(PUBLIC_BODY);
  await expect(page.getByTestId('cadence-countdown')).toHaveText(/^next update in 1[45]:\d\d$/);
  // The draft starts again from the new update.
  await page.getByLabel('internal', { exact: true }).check();
  await expect(body).toHaveValue(/^Status: identified\.\nNext update by/);

  await expect.poll(() => hits.length, { timeout: 10_000 }).toBe(1);
  const [hit] = hits;
  expect(hit?.path).toBe(`/services/T0/B0/${SECRET_TOKEN}`);
  expect(hit?.contentType).toBe('application/json');
  expect(hit?.json.text).toContain(PUBLIC_BODY);
  expect(Array.isArray(hit?.json.blocks)).toBe(true);
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByTestId('timeline-event').filter({ hasText: 'Webhook ops-slack delivered: HTTP 200 after 1 attempt' }),
    ).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 10_000 });

  await body.fill(INTERNAL_BODY);
  await page.getByTestId('publish-update').click();
  await expect(page.getByTestId('form-success')).toHaveText('Published (internal).');
  await expect(page.getByTestId('status-update').first()).toContainText(INTERNAL_BODY);
  await expect.poll(() => hits.length, { timeout: 10_000 }).toBe(2);
});

test('the public status page shows public updates and the status, and nothing internal', async ({ browser }) => {
  const anonymous = await browser.newContext();
  const page = await anonymous.newPage();
  const res = await page.goto(`/status/${slug}`);
  expect(res?.status()).toBe(200);
  await expect(page).toHaveURL(new RegExp(`/status/${slug}$`));
  // No public title was written: a neutral one, never the internal document's.
  await expect(page.getByTestId('public-title')).toHaveText('Service incident');
  await expect(page.getByTestId('public-status')).toHaveText('identified');
  await expect(page.getByTestId('public-update')).toHaveCount(1);
  await expect(page.getByTestId('public-update')).toContainText(PUBLIC_BODY);

  const html = await page.content();
  const raw = await (await anonymous.request.get(`/status/${slug}`)).text();
  const { findings, people, items } = readDb((db) => {
    const incident = db.prepare('SELECT id FROM "Incident" WHERE slug = ?').get(slug) as { id: string };
    return {
      findings: (
        db.prepare('SELECT title FROM "Finding" WHERE incidentId = ?').all(incident.id) as { title: string }[]
      ).map((f) => f.title),
      // Every user's email, and the names of everyone who acted on this
      // incident (a name like "test", from another spec's user, would
      // match markup such as data-testid rather than a leak).
      people: [
        ...(db.prepare('SELECT email FROM "User"').all() as { email: string }[]).map((u) => u.email),
        ...(
          db
            .prepare(
              'SELECT DISTINCT u.name FROM "TimelineEvent" t JOIN "User" u ON u.id = t.actorId WHERE t.incidentId = ?',
            )
            .all(incident.id) as { name: string }[]
        ).map((u) => u.name),
      ],
      items: (
        db
          .prepare(
            'SELECT text FROM "ChecklistItem" i JOIN "ChecklistGroup" g ON g.id = i.groupId JOIN "Checklist" c ON c.id = g.checklistId WHERE c.incidentId = ?',
          )
          .all(incident.id) as { text: string }[]
      ).map((i) => i.text),
    };
  });
  expect(findings.length).toBeGreaterThan(0);
  expect(people.length).toBeGreaterThan(0);
  for (const text of [html, raw]) {
    for (const secret of [
      ...findings,
      ...people,
      ...items,
      INTERNAL_BODY,
      'internal-only',
      'tms-prod-1',
      hookUrl,
      SECRET_TOKEN,
      'ops-slack',
      'Missed status update',
      'Root Cause Analysis',
    ]) {
      expect(text, `public page leaks ${secret}`).not.toContain(secret);
    }
  }
  expect((await page.goto('/status/no-such-incident'))?.status()).toBe(404);
  await anonymous.close();
});

test('an overdue cadence turns red, notifies once, and the watcher records the miss', async ({ browser }) => {
  const ctx = await browser.newContext();
  // Browser notifications, observed: a stand-in Notification records what the page shows.
  await ctx.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { __notifications: string[] }).__notifications = shown;
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title: string, opts?: { body?: string }) {
        shown.push(`${title}: ${opts?.body ?? ''}`);
      }
    }
    (window as unknown as { Notification: unknown }).Notification = FakeNotification;
  });
  const page = await ctx.newPage();
  await signIn(page, emailFor('responder'));

  // Test setup: make the cadence overdue by moving its last update 20 minutes back in the e2e database.
  const db = new Database(dbPath());
  try {
    const back = new Date(Date.now() - 20 * 60_000).toISOString().replace('Z', '+00:00');
    db.prepare('UPDATE "Cadence" SET lastSentAt = ? WHERE incidentId = (SELECT id FROM "Incident" WHERE slug = ?)').run(
      back,
      slug,
    );
  } finally {
    db.close();
  }

  await page.goto(`/incidents/${slug}`);
  const cadence = page.getByTestId('cadence');
  await expect(cadence).toHaveAttribute('data-overdue', 'true');
  await expect(page.getByTestId('cadence-countdown')).toHaveText(/^overdue by 5:\d\d$/);
  await expect(page.getByTestId('cadence-countdown')).toHaveClass(/text-rose/);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications.length))
    .toBe(1);
  expect(await page.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications[0])).toMatch(
    /^Status update overdue: Status update every 15 minutes/,
  );

  await expect(async () => {
    await page.reload();
    await expect(
      page
        .getByTestId('timeline-event')
        .filter({ hasText: /Missed status update: due \d\d:\d\d UTC, 15-minute cadence/ }),
    ).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 25_000 });
  // Once per period: the reload did not notify again.
  expect(await page.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications.length)).toBe(
    0,
  );
  await ctx.close();
});

test('a viewer sees the countdown but no compose form', async ({ page }) => {
  await signIn(page, emailFor('viewer'));
  await page.goto(`/incidents/${slug}`);
  await expect(page.getByTestId('cadence-countdown')).toHaveText(/^(next update in|overdue by) \d+:\d\d$/);
  await expect(page.getByTestId('status-update')).toHaveCount(2);
  await expect(page.getByLabel('Status update', { exact: true })).toHaveCount(0);
  await expect(page.getByTestId('publish-update')).toHaveCount(0);
  await expect(page.getByLabel('Webhook URL')).toHaveCount(0);
  await expect(page.getByTestId('webhook')).toHaveCount(0);
});
