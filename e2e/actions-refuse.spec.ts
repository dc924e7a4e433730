import path from 'node:path';
import { test, expect, signIn, emailFor, dbFingerprint, readDb, type E2ERole } from './support/fixtures';
import { ROLES, can, isPermission, type Permission } from '../lib/auth/permissions';
import { readInventory } from '../scripts/structure/action-inventory';
import { actionManifest } from './support/actions';

/**
 * Every server action of the app (sign-in/out aside) is called over HTTP
 * exactly as a browser would — by its action id from the build's manifest —
 * as nobody and as every role the matrix does not allow. Each call must be
 * refused and the database must not change. The list of actions and their
 * permissions is read from the source: app/**\/actions.ts and the
 * definitions in lib/<feature>/actions.ts they wrap.
 */
const root = path.join(__dirname, '..');

/**
 * An action no client component imports has no id in the build, so nothing
 * can call it over HTTP. Each such action must be named here, with why;
 * an unlisted one fails the test (it is either dead code or a missed check).
 */
const NO_ID_REASONS: Record<string, string> = {};

type Declared = { file: string; name: string; permission: Permission };

function declaredActions(): Declared[] {
  const inventory = readInventory(root);
  // An export that is not action(<definition>) is a mutation without the guard.
  expect(inventory.unguarded, 'exports of use-server files not built by action(<definition>)').toEqual([]);
  return inventory.actions.map((a) => {
    expect(isPermission(a.permission), `${a.defFile}#${a.def}: unknown permission ${a.permission}`).toBe(true);
    return { file: a.file, name: a.name, permission: a.permission as Permission };
  });
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
  let expectedCalls = 0;
  const called: string[] = [];
  const withoutId: string[] = [];
  for (const action of declared) {
    const key = `${action.file}#${action.name}`;
    const ref = ids.get(key);
    if (!ref) {
      if (!NO_ID_REASONS[key]) withoutId.push(key);
      continue;
    }
    const callers = ['anonymous' as const, ...ROLES.filter((r) => !can(r, action.permission))];
    expectedCalls += callers.length;
    called.push(key);
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
  expect(withoutId, 'actions with no id in the build and no written reason in NO_ID_REASONS').toEqual([]);
  // Every declared action was called (the listed exceptions aside), each by every caller it must refuse.
  const excused = declared.filter((a) => NO_ID_REASONS[`${a.file}#${a.name}`]).length;
  expect(called.length).toBe(declared.length - excused);
  expect(calls).toBe(expectedCalls);
  for (const key of Object.keys(NO_ID_REASONS)) {
    expect(
      declared.some((a) => `${a.file}#${a.name}` === key),
      `NO_ID_REASONS names ${key}, which is not declared`,
    ).toBe(true);
  }
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

test('every audit entry written so far names its actor (a user, system:…, or cli:…)', async () => {
  const rows = readDb(
    (db) =>
      db.prepare(`SELECT actorId, actorEmail FROM "AuditEntry" ORDER BY seq`).all() as { actorEmail: string | null }[],
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows)
    expect(r.actorEmail ?? '', JSON.stringify(r)).toMatch(/^(system:[a-z-]+|cli:[\w.-]+|[^@\s]+@[^@\s]+)$/);
});
