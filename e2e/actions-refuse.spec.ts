import fs from 'node:fs';
import path from 'node:path';
import { test, expect, signIn, emailFor, dbFingerprint, type E2ERole } from './support/fixtures';
import { ROLES, can, type Permission } from '../lib/auth/permissions';
import { actionManifest } from './support/actions';

/**
 * Every exported server action in app/**\/actions.ts (sign-in/out aside) is
 * called over HTTP exactly as a browser would — by its action id from the
 * build's manifest — as nobody and as every role the matrix does not allow.
 * Each call must be refused and the database must not change.
 */
const root = path.join(__dirname, '..');
const AUTH_ACTIONS = new Set(['app/(auth)/login/actions.ts']);

type Declared = { file: string; name: string; permission: Permission };

function actionFiles(dir = path.join(root, 'app')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return actionFiles(p);
    return e.name === 'actions.ts' ? [path.relative(root, p)] : [];
  });
}

function declaredActions(): Declared[] {
  const out: Declared[] = [];
  for (const file of actionFiles()) {
    if (AUTH_ACTIONS.has(file)) continue;
    const src = fs.readFileSync(path.join(root, file), 'utf8');
    const exported = [...src.matchAll(/^export\s+(?:async\s+function|const|function|let)\s+(\w+)/gm)].map((m) => m[1]);
    for (const name of exported) {
      const m = new RegExp(`export const ${name} = action\\(\\{\\s*permission: '([a-z:-]+)'`).exec(src);
      // An export that is not built by action() is a mutation without the guard.
      expect(m, `${file}: export ${name} must be written as action({ permission, input, handler })`).not.toBeNull();
      out.push({ file, name, permission: m![1] as Permission });
    }
  }
  return out;
}

const manifestIds = actionManifest;

test('every server action refuses anonymous callers and roles without its permission, changing nothing', async ({
  browser,
  baseURL,
}) => {
  const declared = declaredActions();
  expect(declared.length).toBeGreaterThan(0);
  const ids = manifestIds();
  const contexts = new Map<E2ERole | 'anonymous', Awaited<ReturnType<typeof browser.newContext>>>();
  contexts.set('anonymous', await browser.newContext());
  for (const role of ROLES) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, emailFor(role));
    await expect(page.getByTestId('current-user')).toBeVisible();
    contexts.set(role, ctx);
  }
  let calls = 0;
  for (const action of declared) {
    const ref = ids.get(`${action.file}#${action.name}`);
    if (!ref) continue; // not imported by any client component: no id exists, so nothing can call it
    const callers = ['anonymous' as const, ...ROLES.filter((r) => !can(r, action.permission))];
    for (const who of callers) {
      const before = dbFingerprint();
      const res = await contexts.get(who)!.request.post(ref.route, {
        headers: {
          'Next-Action': ref.id,
          Origin: baseURL!,
          'Content-Type': 'text/plain;charset=UTF-8',
          Accept: 'text/x-component',
        },
        data: JSON.stringify([{ userId: 'x', email: 'intruder@e2e.test', role: 'admin', disabled: true }]),
        failOnStatusCode: false,
        maxRedirects: 0,
      });
      const body = await res.text();
      const expected = who === 'anonymous' ? '"code":"unauthenticated"' : `"code":"forbidden:${action.permission}"`;
      expect(body, `${action.file}#${action.name} as ${who}`).toContain(expected);
      expect(dbFingerprint(), `${action.file}#${action.name} as ${who} changed the database`).toEqual(before);
      calls++;
    }
  }
  expect(calls).toBeGreaterThanOrEqual(declared.length);
  for (const ctx of contexts.values()) await ctx.close();
});

test('a server action POST from a foreign Origin is refused', async ({ page }) => {
  await signIn(page, emailFor('admin'));
  await expect(page.getByTestId('current-user')).toBeVisible();
  const ref = manifestIds().get('app/(console)/admin/users/actions.ts#addUser')!;
  const before = dbFingerprint();
  const res = await page.request.post(ref.route, {
    headers: { 'Next-Action': ref.id, Origin: 'https://evil.example', 'Content-Type': 'text/plain;charset=UTF-8' },
    data: JSON.stringify([{ email: 'csrf@e2e.test', role: 'admin', password: 'csrf-password-1' }]),
    failOnStatusCode: false,
  });
  expect(res.status()).toBeGreaterThanOrEqual(400);
  expect(await res.text()).not.toContain('"ok":true');
  expect(dbFingerprint()).toEqual(before);
});
