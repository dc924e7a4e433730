import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { buildServer, freePort, ownDataEnv, startBuiltServer } from './support/built-server';

/**
 * The fixture's outage, inverted: a busy port is named (PID + command) and
 * left alone; SIGTERM drains and exits 0. Runs the production server the
 * way `npm start` does, on its own port and database.
 */
test.beforeAll(() => buildServer());

const startServer = (port: number, dataDir: string) =>
  startBuiltServer(
    port,
    ownDataEnv(dataDir, {
      WARROOM_ADMIN_EMAIL: 'admin@lifecycle.test',
      WARROOM_ADMIN_PASSWORD: 'lifecycle-pass-1',
      WARROOM_SEED_DEMO: '0',
    }),
  );

test('a busy port is named and left alone; SIGTERM drains and exits 0', async () => {
  test.setTimeout(150_000);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-life-'));
  const first = startServer(port, dataDir);
  try {
    await first.healthy();

    // A second warroom on the same port: refused, naming the holder's PID, and the first keeps serving.
    const second = startServer(port, dataDir);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`port ${port} is already in use by PID ${first.proc.pid}`);
    expect(second.output()).toContain('warroom will not stop it');
    expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200);

    // A long-lived request is open (an event stream would be; health is enough to prove draining).
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('SIGTERM: no new connections');
    expect(first.output()).toContain('stopped cleanly');
    await expect(fetch(`http://localhost:${port}/api/health`)).rejects.toThrow();
    // The database was closed cleanly: its write-ahead log was checkpointed away.
    expect(fs.existsSync(path.join(dataDir, 'warroom.db-wal'))).toBe(false);
  } finally {
    await first.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('SIGTERM still exits 0 after its log reader is gone (journald restarted, a pipe closed)', async () => {
  test.setTimeout(150_000);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-life-'));
  const server = startServer(port, dataDir);
  try {
    await server.healthy();
    // Whoever read stdout and stderr lets go; the server keeps logging into a broken pipe.
    server.proc.stdout!.destroy();
    server.proc.stderr!.destroy();
    for (let i = 0; i < 20; i++) expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200);

    server.proc.kill('SIGTERM');
    // A hang is the bug (it spun for ever in the logger's exit flush); the bound is the grace period and then some.
    const code = await Promise.race([
      server.exited,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 60_000)),
    ]);
    expect(code).toBe(0);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('with WARROOM_REQUIRE_ENV_SECRETS=1 and no secrets in the environment, start refuses', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-life-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, WARROOM_DATA_DIR: dataDir, WARROOM_REQUIRE_ENV_SECRETS: '1' };
  delete env.AUTH_SECRET;
  delete env.WARROOM_SECRET_KEY;
  const refused = startBuiltServer(port, env);
  const code = await refused.exited;
  expect(code).not.toBe(0);
  expect(refused.output()).toMatch(/refusing to start without AUTH_SECRET and WARROOM_SECRET_KEY/);
  expect(fs.existsSync(path.join(dataDir, 'secrets.json'))).toBe(false);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
