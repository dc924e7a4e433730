import Database from 'better-sqlite3';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { test, expect, emailFor, PASSWORD, importFixtureIncident, readDb, dbPath, runE2eCli } from './support/fixtures';
import { actionOutcome, actionRef, callAction } from './support/actions';
import { defined } from '../tests/support/defined';

const TICK = ['app/(console)/incidents/[incidentSlug]/actions.ts', 'tickChecklistItem'] as const;

/** A signed-in API session through Auth.js's own credentials endpoint. */
async function apiSession(baseURL: string, email: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const { csrfToken } = await (await ctx.get('/api/auth/csrf')).json();
  const res = await ctx.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password: PASSWORD, callbackUrl: '/incidents' },
    maxRedirects: 0,
  });
  expect(res.status()).toBeLessThan(400);
  return ctx;
}

function itemsOf(slug: string): { id: string; text: string; version: number; done: number }[] {
  return readDb(
    (db) =>
      db
        .prepare(
          `SELECT i.id, i.text, i.version, i.done FROM "ChecklistItem" i JOIN "ChecklistGroup" g ON g.id = i.groupId
         JOIN "Checklist" c ON c.id = g.checklistId JOIN "Incident" n ON n.id = c.incidentId WHERE n.slug = ? ORDER BY c.position, g.position, i.position`,
        )
        .all(slug) as { id: string; text: string; version: number; done: number }[],
  );
}

const auditVerify = () => runE2eCli(['audit', 'verify']);

test.describe('checklist concurrency', () => {
  test.setTimeout(180_000);

  test('200 concurrent ticks from 50 sessions: each applied or a conflict, none lost, chain intact', async ({
    baseURL,
  }) => {
    const slug = importFixtureIncident();
    const targets = itemsOf(slug).slice(0, 8);
    const emails = [emailFor('responder'), emailFor('commander'), emailFor('admin')];
    const sessions: APIRequestContext[] = [];
    for (let i = 0; i < 50; i++) sessions.push(await apiSession(baseURL!, defined(emails[i % emails.length])));
    const ref = actionRef(...TICK);
    const auditBefore = readDb(
      (db) =>
        (db.prepare(`SELECT count(*) AS n FROM "AuditEntry" WHERE action LIKE 'checklist.%'`).get() as { n: number }).n,
    );

    // Every request carries the version its session last saw (the start
    // version): most collide, exactly as five people ticking at once do.
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const item = defined(targets[i % targets.length], 'target item');
        return callAction(defined(sessions[i % sessions.length]), baseURL!, ref, [
          { itemId: item.id, done: i % 2 === 0, version: item.version + (Math.floor(i / targets.length) % 3) },
        ]);
      }),
    );
    const outcomes = results.map((r) => ({ status: r.status, ...actionOutcome(r.body) }));
    const applied = outcomes.filter((o) => o.ok).length;
    const conflicts = outcomes.filter((o) => !o.ok && o.code === 'conflict:checklist-item').length;
    const other = outcomes.filter((o) => !o.ok && o.code !== 'conflict:checklist-item');
    expect(other, JSON.stringify(other.slice(0, 3))).toEqual([]);
    expect(applied + conflicts).toBe(200);
    expect(applied).toBeGreaterThanOrEqual(targets.length);

    // No lost update: every applied tick bumped exactly one version and wrote one audit entry.
    const after = itemsOf(slug).slice(0, 8);
    const bumps = after.reduce((n, item, i) => n + (item.version - defined(targets[i], 'target item').version), 0);
    expect(bumps).toBe(applied);
    const auditAfter = readDb(
      (db) =>
        (db.prepare(`SELECT count(*) AS n FROM "AuditEntry" WHERE action LIKE 'checklist.%'`).get() as { n: number }).n,
    );
    expect(auditAfter - auditBefore).toBe(applied);
    expect(auditVerify()).toMatch(/audit chain ok: \d+ entries/);
    for (const s of sessions) await s.dispose();
  });

  test('another process holding the SQLite write lock for 2 s: the tick waits and succeeds', async ({ baseURL }) => {
    const slug = importFixtureIncident();
    const item = defined(itemsOf(slug)[0], 'first checklist item');
    const session = await apiSession(baseURL!, emailFor('responder'));
    const blocker = new Database(dbPath());
    blocker.exec('BEGIN IMMEDIATE');
    const release = new Promise<void>((resolve) =>
      setTimeout(() => {
        blocker.exec('COMMIT');
        blocker.close();
        resolve();
      }, 2000),
    );
    const result = await callAction(session, baseURL!, actionRef(...TICK), [
      { itemId: item.id, done: true, version: item.version },
    ]);
    await release;
    expect(actionOutcome(result.body)).toEqual({ ok: true });
    expect(itemsOf(slug)[0]).toMatchObject({ done: 1, version: item.version + 1 });
    await session.dispose();
  });
});
