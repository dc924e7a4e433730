import { test, expect, signIn, emailFor, readDb } from '../support/fixtures';
import { startIdentityProvider, signInAtProvider, type IdentityProvider } from '../support/identity-provider';

/**
 * Single sign-on through a real OpenID Connect provider on loopback, in
 * Chromium. The fixture's Issue 2 was an SSO login answering 500 for a new
 * user whose address ended in .test; here that user lands in the console.
 */
let idp: IdentityProvider | null = null;

test.beforeAll(async ({ baseURL }) => {
  idp = await startIdentityProvider({ port: Number(process.env.E2E_OIDC_PORT), appOrigin: new URL(baseURL!).origin });
});
test.afterAll(async () => {
  await idp?.stop();
});

async function startSso(page: import('@playwright/test').Page) {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
  await page.waitForURL(/127\.0\.0\.1/);
}

type UserRow = { email: string; role: string; ssoSubject: string | null; passwordHash: string | null };
const userRow = (email: string) =>
  readDb((db) => db.prepare('SELECT email, role, ssoSubject, passwordHash FROM "User" WHERE email = ?').get(email)) as
    UserRow | undefined;

test.describe.configure({ mode: 'serial' });

test('a new test@gmail.test user signs in through the provider and lands in the console as a viewer', async ({
  page,
}) => {
  expect(userRow('test@gmail.test')).toBeUndefined();
  await startSso(page);
  await signInAtProvider(page, 'test@gmail.test');
  await page.waitForURL(/\/incidents/);
  await expect(page.getByTestId('current-user')).toContainText('test@gmail.test');
  expect(userRow('test@gmail.test')).toMatchObject({
    role: 'viewer',
    ssoSubject: 'test@gmail.test',
    passwordHash: null,
  });
  const audit = readDb((db) =>
    db.prepare(`SELECT actorEmail FROM "AuditEntry" WHERE action = 'user.sso-provision' ORDER BY seq DESC`).get(),
  ) as { actorEmail: string };
  expect(audit.actorEmail).toBe('system:sso');
});

test('Ops.Lead@Corp.Internal is stored and shown lower-cased', async ({ page }) => {
  await startSso(page);
  await signInAtProvider(page, 'Ops.Lead@Corp.Internal');
  await page.waitForURL(/\/incidents/);
  await expect(page.getByTestId('current-user')).toContainText('ops.lead@corp.internal');
  expect(userRow('ops.lead@corp.internal')?.role).toBe('viewer');
  expect(userRow('Ops.Lead@Corp.Internal')).toBeUndefined();
});

test('an SSO email that matches a password account is not linked until an admin allows it', async ({
  page,
  browser,
}) => {
  const email = emailFor('responder');
  await startSso(page);
  await signInAtProvider(page, email);
  await page.waitForURL(/\/login\?error=sso-link-required/);
  await expect(page.getByTestId('sign-in-error')).toContainText('ask an admin to allow the link');
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  expect(userRow(email)?.ssoSubject).toBeNull();

  // The admin allows it explicitly …
  const admin = await browser.newPage();
  await signIn(admin, emailFor('admin'));
  await admin.goto('/admin/users');
  await admin.getByTestId(`user-row-${email}`).getByRole('button', { name: 'Allow SSO link' }).click();
  await expect(admin.getByTestId(`user-row-${email}`)).toContainText('SSO link allowed');
  await admin.close();

  // … and the next SSO sign-in (still signed in at the provider: straight back) links and signs in, both audited.
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
  await page.waitForURL(/\/incidents/);
  await expect(page.getByTestId('current-user')).toContainText(email);
  expect(userRow(email)?.ssoSubject).toBe(email);
  const actions = readDb((db) =>
    db.prepare(`SELECT action, actorEmail FROM "AuditEntry" WHERE action LIKE '%sso-link%' ORDER BY seq`).all(),
  ) as { action: string; actorEmail: string }[];
  expect(actions.map((a) => a.action)).toEqual(['auth.sso-link-refused', 'user.sso-link-allow', 'user.sso-link']);
  expect(actions[1]?.actorEmail).toBe(emailFor('admin'));
});

test('a provider that is down gives a clear page, not a 500', async ({ page }) => {
  await idp!.stop();
  idp = null;
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
  await page.waitForURL(/\/login\?error=/);
  await expect(page.getByTestId('sign-in-error')).toContainText('Test IdP could not be reached');
  // The password form still works.
  await signIn(page, emailFor('viewer'));
});
