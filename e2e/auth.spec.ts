import {
  test,
  expect,
  signIn,
  submitLogin,
  emailFor,
  PASSWORD,
  METRICS_TOKEN,
  dbFingerprint,
  readDb,
} from './support/fixtures';

test.describe('sign-in and the console shell', () => {
  test('anonymous page views go to /login; the internal middleware header is refused', async ({ page, request }) => {
    for (const path of ['/incidents', '/admin/users', '/audit']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login(\?|$)/);
    }
    const forged = await request.get('/admin/users', {
      headers: { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(400);
    expect(await forged.text()).not.toContain('Add a user');
  });

  test('admin adds a responder; the responder signs in and sees the console but not Admin', async ({
    page,
    browser,
  }) => {
    await signIn(page, emailFor('admin'));
    await expect(page.getByTestId('current-user')).toContainText('admin@e2e.test');
    await page.goto('/admin/users');
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill('new.responder@tms.test');
    await form.getByLabel('Role').selectOption('responder');
    await form.getByLabel(/Password/).fill('responder-pass-1');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(page.getByTestId('form-success')).toContainText('new.responder@tms.test');
    await expect(page.getByTestId('user-row-new.responder@tms.test')).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);

    const ctx = await browser.newContext();
    const p2 = await ctx.newPage();
    await signIn(p2, 'new.responder@tms.test', 'responder-pass-1');
    await expect(p2.getByTestId('current-user')).toContainText('new.responder@tms.test');
    await expect(p2.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' })).toBeVisible();
    await expect(p2.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
    const res = await p2.goto('/admin/users');
    expect(res?.status()).toBe(403);
    await ctx.close();
  });

  test("a disabled user's existing session is refused", async ({ page, browser }) => {
    await signIn(page, emailFor('admin'));
    await page.goto('/admin/users');
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill('soon.disabled@tms.test');
    await form.getByLabel(/Password/).fill('disable-me-123');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(page.getByTestId('user-row-soon.disabled@tms.test')).toBeVisible();

    const ctx = await browser.newContext();
    const victim = await ctx.newPage();
    await signIn(victim, 'soon.disabled@tms.test', 'disable-me-123');
    await expect(victim.getByTestId('current-user')).toBeVisible();

    await page.getByTestId('user-row-soon.disabled@tms.test').getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByTestId('user-row-soon.disabled@tms.test')).toContainText('disabled');

    await victim.goto('/incidents');
    await expect(victim).toHaveURL(/\/login/);
    await submitLogin(victim, 'soon.disabled@tms.test', 'disable-me-123');
    await expect(victim.getByTestId('form-error')).toContainText(
      /wrong email or password, or the account is disabled/i,
    );
    await ctx.close();
  });

  test("changing a user's role ends their old session; the audit page shows and filters it", async ({
    page,
    browser,
  }) => {
    await signIn(page, emailFor('admin'));
    await page.goto('/admin/users');
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill('role.change@tms.test');
    await form.getByLabel(/Password/).fill('role-change-123');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(page.getByTestId('user-row-role.change@tms.test')).toBeVisible();

    const ctx = await browser.newContext();
    const other = await ctx.newPage();
    await signIn(other, 'role.change@tms.test', 'role-change-123');
    await page.getByLabel('Role of role.change@tms.test').selectOption('commander');
    await page.getByRole('button', { name: 'Change role' }).click();
    await expect
      .poll(() =>
        readDb(
          (db) =>
            (db.prepare(`SELECT role FROM "User" WHERE email = ?`).get('role.change@tms.test') as { role: string })
              .role,
        ),
      )
      .toBe('commander');
    await other.goto('/incidents');
    await expect(other).toHaveURL(/\/login/);
    await ctx.close();

    await page.goto('/audit?action=user.set-role');
    await expect(page.getByTestId('audit-row').first()).toContainText('user.set-role');
    // The audit log reads as words (issue 19), not JSON.
    await expect(page.getByTestId('audit-row').first()).toContainText('from: responder · to: commander');
    const rows = await page.getByTestId('audit-row').allTextContents();
    expect(rows.every((r) => r.includes('user.set-role'))).toBe(true);
  });

  test('an admin resets a password: the old session ends, the new password works, the old one does not', async ({
    page,
    browser,
  }) => {
    await signIn(page, emailFor('admin'));
    await page.goto('/admin/users');
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill('lost.laptop@tms.test');
    await form.getByLabel(/Password/).fill('first-password-1');
    await form.getByRole('button', { name: 'Add user' }).click();
    const row = page.getByTestId('user-row-lost.laptop@tms.test');
    await expect(row).toBeVisible();

    const ctx = await browser.newContext();
    const other = await ctx.newPage();
    await signIn(other, 'lost.laptop@tms.test', 'first-password-1');
    await row.getByRole('button', { name: 'Reset password' }).click();
    const fresh = (await row.getByTestId('reset-password').textContent())!.trim();
    expect(fresh).toMatch(/^[A-Za-z0-9]{20}$/);

    await other.goto('/incidents');
    await expect(other).toHaveURL(/\/login/);
    await submitLogin(other, 'lost.laptop@tms.test', 'first-password-1');
    await expect(other.getByTestId('form-error')).toContainText(/wrong email or password/i);
    await signIn(other, 'lost.laptop@tms.test', fresh);
    await ctx.close();
  });

  // The fixture's SSO outage: `test@gmail.test` was rejected as a reserved name. (That exact
  // address signs in through SSO as a NEW user in e2e/security/sso.spec.ts; here a sibling.)
  const emails = ['tester@gmail.test', 'printer-ops@office.local', 'SRE@db.corp.internal', 'ic@company.engineering'];
  test('reserved and corporate TLDs sign in through the real form', async ({ page, browser }) => {
    await signIn(page, emailFor('admin'));
    for (const email of emails) {
      await page.goto('/admin/users');
      const form = page.getByRole('form', { name: 'Add a user' });
      await form.getByLabel('Email').fill(email);
      await form.getByLabel(/Password/).fill('tld-password-1');
      await form.getByRole('button', { name: 'Add user' }).click();
      await expect(page.getByTestId('form-success')).toContainText(email.toLowerCase());
    }
    for (const email of emails) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await signIn(p, `  ${email.toUpperCase()} `, 'tld-password-1');
      await expect(p.getByTestId('current-user')).toContainText(email.toLowerCase());
      await ctx.close();
    }
  });

  test('bad sign-in input gets a clear message and changes nothing but the throttle counter', async ({ page }) => {
    const cases: [string, string, RegExp][] = [
      [emailFor('viewer'), 'wrong-password', /wrong email or password/i],
      ['nobody@e2e.test', PASSWORD, /wrong email or password/i],
      ['not-an-email', PASSWORD, /needs a name, an @ and a domain/i],
      ['', '', /enter your email and password/i],
    ];
    for (const [email, password, message] of cases) {
      const before = dbFingerprint();
      await page.goto('/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByTestId('form-error')).toContainText(message);
      // A well-formed attempt is counted before the password is checked (bookkeeping, not a change of state).
      const { LoginThrottle: _before, ...beforeRest } = before;
      const { LoginThrottle: _after, ...afterRest } = dbFingerprint();
      expect(afterRest).toEqual(beforeRest);
    }
  });

  test('repeated failures from one address slow that address down, with a message that says for how long', async ({
    page,
  }) => {
    for (let i = 0; i < 5; i++) {
      await page.goto('/login');
      await page.getByLabel('Email').fill('locked@e2e.test');
      await page.getByLabel('Password').fill(`nope-${i}`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByTestId('form-error')).toContainText(/wrong email or password/i);
    }
    await page.getByLabel('Email').fill('locked@e2e.test');
    await page.getByLabel('Password').fill('nope-again');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByTestId('form-error')).toContainText(
      /too many failed sign-ins for this account\. try again in \d+ seconds/i,
    );
  });

  test('an oversized body, a forged action id and a foreign Origin are refused without a 500', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, emailFor('admin'));
    const before = dbFingerprint();
    const big = await page.request.post('/admin/users', {
      headers: { 'Next-Action': 'a'.repeat(42), Origin: baseURL!, 'Content-Type': 'text/plain;charset=UTF-8' },
      data: JSON.stringify(['x'.repeat(2 * 1024 * 1024)]),
      failOnStatusCode: false,
    });
    expect(big.status()).toBeGreaterThanOrEqual(400);
    expect(big.status()).toBeLessThan(500);
    const forged = await page.request.post('/admin/users', {
      headers: {
        'Next-Action': '00deadbeef'.repeat(4) + '00',
        Origin: baseURL!,
        'Content-Type': 'text/plain;charset=UTF-8',
      },
      data: '[]',
      failOnStatusCode: false,
    });
    expect(forged.status()).toBeGreaterThanOrEqual(400);
    expect(forged.status()).toBeLessThan(500);
    expect(await forged.text()).not.toMatch(/at .*\.js:\d+/);
    expect(dbFingerprint()).toEqual(before);
    const users = readDb((db) => (db.prepare('SELECT count(*) AS n FROM "User"').get() as { n: number }).n);
    expect(users).toBeGreaterThan(0);
  });

  test('health answers without a session; metrics want the bearer token; neither holds a secret', async ({
    request,
  }) => {
    const health = await request.get('/api/health');
    expect(health.status()).toBe(200);
    const body = await health.json();
    expect(body).toMatchObject({ status: 'ok', db: 'ok' });
    expect(typeof body.version).toBe('string');
    const anonymous = await request.get('/api/metrics');
    expect(anonymous.status()).toBe(401);
    expect(anonymous.headers()['www-authenticate']).toMatch(/^Bearer/);
    expect(await anonymous.text()).not.toContain('process_cpu_seconds_total');
    const wrong = await request.get('/api/metrics', { headers: { authorization: 'Bearer not-the-token-at-all-000' } });
    expect(wrong.status()).toBe(401);
    const metrics = await request.get('/api/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status()).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).not.toMatch(/e2e-auth-secret|0123456789abcdef0123/);
    expect(text).not.toContain(METRICS_TOKEN);
  });

  test('pages carry a nonce CSP and anti-framing headers; the session cookie is HttpOnly and Lax', async ({
    page,
    request,
  }) => {
    const res = await request.get('/login');
    const csp = res.headers()['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers()['x-frame-options']).toBe('DENY');
    await signIn(page, emailFor('viewer'));
    const cookie = (await page.context().cookies()).find((c) => c.name === 'warroom.session');
    // Lax, so the cross-site SSO callback can land in the console; cross-site POSTs are refused by
    // the Origin check (e2e/security/exposure.spec.ts). Secure + __Host- only over HTTPS (e2e/security/https.spec.ts).
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
  });
});
