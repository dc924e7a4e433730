import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { emailFor, PASSWORD } from '../support/fixtures';
import { freePort, setUpNginx, type Nginx } from '../support/nginx';
import { makeTestCa, type TestCa } from '../support/test-ca';

/**
 * warroom served over HTTPS for real: the production server (dist/start.js,
 * AUTH_URL=https://…) behind Debian's nginx running the shipped
 * deploy/nginx/warroom-tls.conf with a certificate from a throwaway CA made
 * by openssl for this run. Signing in through it sets the __Host- session
 * cookie with Secure, HttpOnly, Path=/, SameSite=Lax and no Domain, sends
 * HSTS, and the session works — checked from Node (which verifies the chain
 * against the test CA) and in Chromium. The same build served over plain
 * http://localhost (the suite's own server) sets neither. Plain HTTP on a
 * non-loopback address is refused, naming the setting.
 */
const ROOT = path.join(__dirname, '..', '..');
const ADMIN = 'admin@https.test';
const ADMIN_PASSWORD = 'https-pass-1234';

type Res = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One HTTPS request trusting the test CA only (no rejectUnauthorized: false anywhere). */
function request(
  ca: string,
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: opts.method ?? 'GET', headers: opts.headers, ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const setCookies = (r: { headers: Res['headers'] }) => [r.headers['set-cookie'] ?? []].flat();
const cookiePair = (setCookie: string) => setCookie.split(';')[0] ?? '';
const attributes = (setCookie: string) =>
  setCookie
    .split(';')
    .slice(1)
    .map((a) => a.trim());

function startServer(port: number, dataDir: string, extra: Record<string, string>) {
  let out = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    WARROOM_DATA_DIR: dataDir,
    WARROOM_CONFIG_DIR: path.join(dataDir, 'config'),
    DATABASE_URL: `file:${path.join(dataDir, 'warroom.db')}`,
    AUTH_SECRET: crypto.randomBytes(32).toString('hex'),
    WARROOM_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    WARROOM_ADMIN_EMAIL: ADMIN,
    WARROOM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    WARROOM_SEED_DEMO: '0',
    ...extra,
  };
  const proc: ChildProcess = spawn(process.execPath, ['dist/start.js'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, exited, output: () => out };
}

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('timed out waiting');
}

let ca: TestCa;
let nginx: Nginx & { httpUrl: string };
let app: ReturnType<typeof startServer>;
let appPort: number;
let dataDir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
  ca = makeTestCa();
  appPort = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-https-'));
  nginx = await setUpNginx(appPort, ca);
  // The public URL, as deploy/README.md sets it: https, so __Host- Secure cookies and HSTS. Auth.js
  // builds its redirects from it (without it, from the app's own address, localhost:<port>).
  app = startServer(appPort, dataDir, { AUTH_URL: nginx.url });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${appPort}/api/health`)).ok, 150_000).catch((err) => {
    throw new Error(`${(err as Error).message}: ${app.output()}`);
  });
  await nginx.start();
});

test.afterAll(async () => {
  await nginx?.dispose();
  if (app?.proc.exitCode === null) {
    app.proc.kill('SIGTERM');
    await app.exited;
  }
  ca?.dispose();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('over TLS: a __Host- Secure session cookie, HSTS, and the session works', async () => {
  const base = nginx.url;
  // The chain verifies against the test CA (a wrong certificate would throw here).
  const login = await request(ca.caPem, `${base}/login`);
  expect(login.status).toBe(200);
  expect(login.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  const health = await request(ca.caPem, `${base}/api/health`);
  expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');

  const csrf = await request(ca.caPem, `${base}/api/auth/csrf`);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const jar = new Map<string, string>();
  const take = (r: Res) => {
    for (const c of setCookies(r)) {
      const [name = '', value = ''] = cookiePair(c).split(/=(.*)/s);
      jar.set(name, value);
    }
  };
  take(csrf);
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const signedIn = await request(ca.caPem, `${base}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    body: new URLSearchParams({
      csrfToken,
      email: ADMIN,
      password: ADMIN_PASSWORD,
      callbackUrl: '/incidents',
    }).toString(),
  });
  expect(signedIn.status).toBe(302);
  // Auth.js built the redirect from AUTH_URL: it stays on the public https address.
  expect(String(signedIn.headers.location)).toMatch(new RegExp(`^${base}/`));
  take(signedIn);

  const all = [...setCookies(csrf), ...setCookies(signedIn)];
  const session = all.find((c) => cookiePair(c).startsWith('__Host-warroom.session='));
  expect(session, all.join('\n')).toBeDefined();
  const attrs = attributes(session!);
  expect(attrs).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']));
  expect(attrs.some((a) => /^domain=/i.test(a))).toBe(false);
  expect(all.some((c) => cookiePair(c).startsWith('warroom.session='))).toBe(false);
  // Every cookie set over HTTPS is Secure (Auth.js's CSRF and callback-url cookies too).
  for (const c of all) expect(attributes(c), c).toContain('Secure');

  // The session works through TLS; without the cookie the same page sends you to sign in.
  const console = await request(ca.caPem, `${base}/incidents`, { headers: { cookie: cookieHeader() } });
  expect(console.status).toBe(200);
  expect(console.body).toContain(ADMIN);
  const anonymous = await request(ca.caPem, `${base}/incidents`);
  expect(anonymous.status).toBe(307);
  expect(String(anonymous.headers.location)).toContain('/login');

  // Plain HTTP on the TLS site only says where the console is.
  const plain = await fetch(`${nginx.httpUrl}/login`, { redirect: 'manual' });
  expect(plain.status).toBe(301);
  expect(plain.headers.get('location')).toMatch(/^https:\/\//);
});

test('over TLS in Chromium: sign in through the form and land in the console', async ({ browser }) => {
  // Chromium does not read NODE_EXTRA_CA_CERTS; the chain itself was verified by the Node test above.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: nginx.url });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('current-user')).toContainText(ADMIN);
  expect(new URL(page.url()).protocol).toBe('https:');
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === '__Host-warroom.session')).toMatchObject({
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    domain: 'localhost',
  });
  expect(cookies.some((c) => c.name === 'warroom.session')).toBe(false);
  await context.close();
});

test('the same build over plain http://localhost: no Secure, no __Host-, no HSTS', async ({ baseURL }) => {
  const login = await fetch(`${baseURL}/login`);
  expect(login.headers.get('strict-transport-security')).toBeNull();
  const csrf = await fetch(`${baseURL}/api/auth/csrf`);
  const csrfCookies = csrf.headers.getSetCookie();
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: csrfCookies.map(cookiePair).join('; '),
    },
    body: new URLSearchParams({ csrfToken, email: emailFor('viewer'), password: PASSWORD, callbackUrl: '/' }),
  });
  const all = [...csrfCookies, ...res.headers.getSetCookie()];
  const session = all.find((c) => cookiePair(c).startsWith('warroom.session='));
  expect(session, all.join('\n')).toBeDefined();
  expect(attributes(session!)).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax']));
  for (const c of all) {
    expect(attributes(c), c).not.toContain('Secure');
    expect(cookiePair(c), c).not.toMatch(/^__(Host|Secure)-/);
  }
});

test('plain HTTP listens on loopback only; every interface is refused without the explicit setting', async () => {
  // The HTTPS-configured app above was started without WARROOM_LISTEN_HOST: loopback only.
  const outside = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  if (outside) {
    const reached = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: outside, port: appPort }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    expect(reached, `${outside}:${appPort}`).toBe(false);
  } else {
    test.info().annotations.push({ type: 'note', description: 'no non-loopback IPv4 interface to try' });
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-plain-'));
  try {
    const refused = startServer(await freePort(), dir, { WARROOM_LISTEN_HOST: '0.0.0.0' });
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain('refusing to serve plain HTTP on 0.0.0.0 (WARROOM_LISTEN_HOST)');
    expect(refused.output()).toContain('WARROOM_ALLOW_PLAIN_HTTP=1');
    expect(refused.output()).toContain('WARROOM_HTTPS=1');
    // Refused before anything else happened: no database was created.
    expect(fs.existsSync(path.join(dir, 'warroom.db'))).toBe(false);

    // Said out loud, it serves on every interface.
    const port = await freePort();
    const allowed = startServer(port, dir, { WARROOM_LISTEN_HOST: '0.0.0.0', WARROOM_ALLOW_PLAIN_HTTP: '1' });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).ok, 150_000);
      expect(allowed.output()).toContain('on 0.0.0.0');
    } finally {
      allowed.proc.kill('SIGTERM');
      expect(await allowed.exited).toBe(0);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
