import fs from 'node:fs';
import path from 'node:path';
import { test, expect, signIn, submitLogin, emailFor, readDb, METRICS_TOKEN } from '../support/fixtures';

/**
 * The security suite for what is not a server action (those are
 * e2e/actions-refuse.spec.ts): every route handler as nobody and as a role
 * that may not, guessed ids, internal headers, the response headers that
 * exist today, the throttle's view of the client address, and sign-out on
 * the server. The static half — a route handler without route(…) fails
 * `scripts/check-structure.ts` — has its own fixture test in
 * scripts/structure/check-structure.test.ts.
 */
const root = path.join(__dirname, '..', '..');

/** Every app/**\/route.ts, and what a caller without the right gets. A new route not listed here fails. */
const ROUTES: Record<string, { path: string; anonymous: number; why: string }> = {
  'app/api/health/route.ts': { path: '/api/health', anonymous: 200, why: 'public: load balancers' },
  'app/api/metrics/route.ts': { path: '/api/metrics', anonymous: 401, why: 'bearer token' },
  'app/api/stream/route.ts': { path: '/api/stream?c=incidents', anonymous: 401, why: 'signed in' },
  'app/api/incidents/[incidentSlug]/postmortem/route.ts': {
    path: '/api/incidents/tms-critical-issues-root-cause-analysis-fix-plan/postmortem?format=md',
    anonymous: 401,
    why: 'incident:view',
  },
  'app/api/runs/[runId]/route.ts': { path: '/api/runs/1', anonymous: 401, why: 'playbook:view' },
  'app/api/auth/[...nextauth]/route.ts': { path: '/api/auth/session', anonymous: 200, why: 'Auth.js: null session' },
  'app/api/palette/route.ts': {
    path: '/api/palette',
    anonymous: 401,
    why: 'signed in; each kind by its view permission',
  },
  'app/status/[incidentSlug]/feed.json/route.ts': {
    path: '/status/no-such-incident/feed.json',
    anonymous: 404,
    why: 'public: the status page feed, 404 for a page with nothing public',
  },
};

function routeFiles(dir = path.join(root, 'app')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === 'route.ts' ? [path.relative(root, p)] : [];
  });
}

test('every route handler is listed here and refuses a caller without the right', async ({ playwright, baseURL }) => {
  expect(routeFiles().sort()).toEqual(Object.keys(ROUTES).sort());
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const [file, r] of Object.entries(ROUTES)) {
    const res = await anonymous.get(r.path, { failOnStatusCode: false });
    expect(res.status(), `${file} as nobody`).toBe(r.anonymous);
    if (r.anonymous === 401) expect((await res.json()).error.code).toMatch(/^unauthenticated/);
  }
  expect(
    (await anonymous.get('/api/auth/session')).ok() && (await (await anonymous.get('/api/auth/session')).text()),
  ).toBe('null');
  // Metrics: a wrong token is as good as none; the right one works.
  expect((await anonymous.get('/api/metrics', { headers: { authorization: 'Bearer wrong' } })).status()).toBe(401);
  expect(
    (await anonymous.get('/api/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status(),
  ).toBe(200);
  await anonymous.dispose();
});

test('guessed ids: a stream channel of an incident that does not exist, a status page with nothing public', async ({
  page,
}) => {
  await signIn(page, emailFor('viewer'));
  const stream = await page.request.get('/api/stream?c=incident:no-such-incident', { failOnStatusCode: false });
  expect(stream.status()).toBe(404);
  expect((await stream.json()).error.code).toBe('not_found:channel');
  const stranger = await page.request.get('/api/stream?c=run:clxxxxxxxxxxxxxxxxxxxxxxx', { failOnStatusCode: false });
  expect(stranger.status()).toBe(404);
  // The demo incident has no public update: its status page is exactly as missing as a made-up one.
  const slug = readDb(
    (db) => (db.prepare('SELECT slug FROM "Incident" ORDER BY createdAt LIMIT 1').get() as { slug: string }).slug,
  );
  const hasPublic = readDb(
    (db) =>
      db
        .prepare(
          `SELECT count(*) AS n FROM "StatusUpdate" s JOIN "Incident" i ON i.id = s.incidentId WHERE i.slug = ? AND s.audience = 'public'`,
        )
        .get(slug) as { n: number },
  );
  if (hasPublic.n === 0) {
    const res = await page.request.get(`/status/${slug}`, { failOnStatusCode: false });
    expect(res.status()).toBe(404);
    expect(await res.text()).not.toContain('TMS Critical Issues');
  }
  expect((await page.request.get('/status/no-such-incident', { failOnStatusCode: false })).status()).toBe(404);
});

test('x-middleware-subrequest is refused on every kind of path', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const p of ['/incidents', '/api/health', '/admin/users', '/login']) {
    const res = await anonymous.get(p, {
      headers: { 'x-middleware-subrequest': 'middleware' },
      failOnStatusCode: false,
    });
    expect(res.status(), p).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request:internal-header');
  }
  await anonymous.dispose();
});

test('the nonce CSP, frame-ancestors, Referrer-Policy and friends are on every page; no HSTS over plain HTTP', async ({
  request,
}) => {
  for (const p of ['/login', '/status/no-such-incident', '/api/health']) {
    const h = (await request.get(p, { failOnStatusCode: false })).headers();
    expect(h['content-security-policy'], p).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(h['content-security-policy'], p).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy'], p).toContain("object-src 'none'");
    expect(h['referrer-policy'], p).toBe('same-origin');
    expect(h['x-frame-options'], p).toBe('DENY');
    expect(h['x-content-type-options'], p).toBe('nosniff');
    expect(h['strict-transport-security'], p).toBeUndefined();
  }
  // A fresh nonce each time: a reused one would let an injected script ride along.
  const a = (await request.get('/login')).headers()['content-security-policy'];
  const b = (await request.get('/login')).headers()['content-security-policy'];
  expect(a).not.toBe(b);
});

test('a forged X-Forwarded-For neither dodges the throttle nor reaches the audit log', async ({ page }) => {
  const email = 'spray@e2e.test';
  for (let i = 0; i < 5; i++) {
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': `198.51.100.${i + 1}` });
    await submitLogin(page, email, `wrong-${i}`);
    await expect(page.getByTestId('form-error')).toContainText(/wrong email or password/i);
  }
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': '203.0.113.77' });
  await submitLogin(page, email, 'wrong-again');
  await expect(page.getByTestId('form-error')).toContainText(/too many failed sign-ins/i);
  const keys = readDb((db) => db.prepare(`SELECT key FROM "LoginThrottle" WHERE key LIKE 'p:spray@%'`).all()) as {
    key: string;
  }[];
  expect(keys.map((k) => k.key)).toEqual(['p:spray@e2e.test|127.0.0.1']);

  await page.setExtraHTTPHeaders({ 'x-forwarded-for': '10.9.9.9' });
  await signIn(page, emailFor('viewer'));
  const last = readDb((db) =>
    db.prepare(`SELECT payload FROM "AuditEntry" WHERE action = 'auth.sign-in' ORDER BY seq DESC LIMIT 1`).get(),
  ) as { payload: string };
  expect(JSON.parse(last.payload).address).toBe('127.0.0.1');
});

test('sign-out ends that session on the server: the old cookie replayed gets 401, another session lives on', async ({
  browser,
  baseURL,
  playwright,
}) => {
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  const lp = await laptop.newPage();
  const pp = await phone.newPage();
  await signIn(lp, emailFor('commander'));
  await signIn(pp, emailFor('commander'));
  const cookies = await laptop.cookies();
  await lp.getByRole('button', { name: 'Sign out' }).click();
  await lp.waitForURL(/\/login/);

  const replay = await playwright.request.newContext({ baseURL, storageState: { cookies, origins: [] } });
  expect((await replay.get('/api/stream?c=incidents', { failOnStatusCode: false })).status()).toBe(401);
  await replay.dispose();
  await pp.goto('/incidents');
  await expect(pp.getByTestId('current-user')).toContainText(emailFor('commander'));
  await laptop.close();
  await phone.close();
});
