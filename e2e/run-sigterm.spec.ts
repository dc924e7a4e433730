import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test, expect } from '@playwright/test';
import { submitLogin } from './support/fixtures';
import { ROOT, buildServer, freePort, startBuiltServer } from './support/built-server';
import { runCli, tempCliEnv } from '../tests/support/cli';
import { liveProcessesMatching, startTestHosts, type TestHosts } from '../tests/support/sshd';

/**
 * SIGTERM to the production server (dist/start.js, as systemd stops it) while
 * two runs are on a real sshd: the one that ends within the grace period
 * finishes and is recorded `succeeded`; the one that does not is interrupted —
 * its remote process group killed, the kill recorded, the incident's
 * timeline saying why — and the server still exits 0. Its own server and
 * database, so the shared e2e server is not stopped.
 */
const ADMIN = { email: 'admin@sigterm.test', password: 'sigterm-pass-1' };

const LONG = `name: sigterm-long
description: Outlives any grace period.
destructive: false
steps:
  - id: sleep
    name: Sleep
    kind: run
    timeout: 10m
    run: echo sleeping; sleep 3605
`;
const SHORT = `name: sigterm-short
description: Ends a few seconds after the server is told to stop.
destructive: false
steps:
  - id: work
    name: Work
    kind: run
    run: echo working; sleep 4; echo finished
`;

let sshd: TestHosts;
const cli = tempCliEnv('warroom-sigterm-', {
  WARROOM_ADMIN_EMAIL: ADMIN.email,
  WARROOM_ADMIN_PASSWORD: ADMIN.password,
});

function must(r: { code: number | null; stdout: string; stderr: string }): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

function read<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(cli.dbPath, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

test.beforeAll(async () => {
  buildServer();
  sshd = await startTestHosts(1);
  const h = sshd.host(0);
  must(runCli(cli.env, ['prepare']));
  must(runCli(cli.env, sshd.hostAddArgs(0, 'sigterm-host')));
  must(runCli(cli.env, ['host', 'trust', 'sigterm-host', '--fingerprint', h.hostKeyPin!]));
  for (const [name, source] of [
    ['sigterm-long', LONG],
    ['sigterm-short', SHORT],
  ] as const) {
    const file = path.join(cli.dir, `${name}.yaml`);
    fs.writeFileSync(file, source);
    must(runCli(cli.env, ['playbook', 'save', file]));
  }
});

test.afterAll(async () => {
  await sshd?.stop();
  cli.cleanup();
});

test('SIGTERM mid-run: a run that ends within the grace period finishes; one that does not is interrupted, its remote group killed', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { slug } = JSON.parse(must(runCli(cli.env, ['import', path.join(ROOT, 'fixtures/tms-rca.md'), '--json']))) as {
    slug: string;
  };
  const server = startBuiltServer(await freePort(), {
    ...cli.env,
    WARROOM_SEED_DEMO: '0',
    WARROOM_LOG_LEVEL: 'info',
  });
  const context = await browser.newContext({ baseURL: server.base });
  try {
    await server.healthy();
    const page = await context.newPage();
    await submitLogin(page, ADMIN.email, ADMIN.password);
    await expect(page.getByTestId('current-user')).toContainText(ADMIN.email);

    const runIds: Record<string, number> = {};
    for (const name of ['sigterm-long', 'sigterm-short']) {
      await page.goto(`/playbooks/${name}?incident=${slug}`);
      const form = page.getByRole('form', { name: `Run ${name}` });
      await form.getByLabel('sigterm-host').check();
      await form.getByRole('button', { name: 'Dry run' }).click();
      await form.getByRole('button', { name: 'Run on 1 host' }).click();
      await expect(page).toHaveURL(/\/runs\/\d+$/);
      runIds[name] = Number(/\/runs\/(\d+)$/.exec(page.url())![1]);
    }
    await page.close();
    // Both commands are running on the host (their process groups are on record).
    await expect
      .poll(
        () =>
          read(
            (db) =>
              (
                db
                  .prepare('SELECT count(*) AS n FROM "StepResult" WHERE "pgid" IS NOT NULL AND "endedAt" IS NULL')
                  .get() as {
                  n: number;
                }
              ).n,
          ),
        { timeout: 30_000 },
      )
      .toBe(2);
    expect(await liveProcessesMatching('sleep 3605')).not.toEqual([]);

    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM: no new connections');
    expect(server.output()).toMatch(/waiting up to 20 s for run\(s\) #\d+, #\d+/);
    expect(server.output()).toContain(
      `interrupting run(s) #${runIds['sigterm-long']}: still running after the grace period`,
    );
    expect(server.output()).toContain('stopped cleanly');

    const run = (id: number | undefined) =>
      read(
        (db) =>
          db.prepare('SELECT "status", "message", "leaseOwner" FROM "PlaybookRun" WHERE "id" = ?').get(id) as {
            status: string;
            message: string | null;
            leaseOwner: string | null;
          },
      );
    const step = (id: number | undefined) =>
      read(
        (db) =>
          db
            .prepare('SELECT "status", "killOutcome", "outputHead", "endedAt" FROM "StepResult" WHERE "runId" = ?')
            .get(id) as { status: string; killOutcome: string | null; outputHead: string; endedAt: number | null },
      );
    // Finished within the grace period: its whole output, its real result.
    expect(run(runIds['sigterm-short'])).toMatchObject({ status: 'succeeded', leaseOwner: null });
    expect(step(runIds['sigterm-short'])).toMatchObject({ status: 'succeeded', outputHead: 'working\nfinished\n' });
    // Did not: interrupted, the remote group stopped and the stop on record, nothing left on the host.
    expect(run(runIds['sigterm-long'])).toMatchObject({ status: 'interrupted', leaseOwner: null });
    expect(run(runIds['sigterm-long']).message).toMatch(
      /the server was stopped and the run had not finished within 20 s/,
    );
    const killed = step(runIds['sigterm-long']);
    expect(killed.killOutcome).toBe('exited-after-term');
    expect(killed.endedAt).not.toBeNull();
    expect(await liveProcessesMatching('sleep 3605')).toEqual([]);
    const timeline = read(
      (db) =>
        db
          .prepare(
            'SELECT e."summary" FROM "TimelineEvent" e JOIN "Incident" i ON i."id" = e."incidentId" WHERE i."slug" = ? ORDER BY e."recordedAt"',
          )
          .all(slug) as { summary: string }[],
    ).map((e) => e.summary);
    expect(timeline).toContainEqual(
      expect.stringMatching(
        new RegExp(`^run #${runIds['sigterm-long']} \\(sigterm-long\\) interrupted: the server was stopped`),
      ),
    );
    expect(timeline).toContainEqual(`run #${runIds['sigterm-short']} (sigterm-short) succeeded`);
  } finally {
    await context.close();
    await server.stop();
  }
});
