import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test, expect, signIn, submitLogin } from './support/fixtures';
import { ROOT, freePort, ownDataEnv, startBuiltServer, type BuiltServer } from './support/built-server';

/**
 * The disk really fills: the database on a 32 MB tmpfs, a filler file takes
 * the rest. Sign-in and ticks must name the cause, health must answer 503
 * with it, the admin sees a banner, and once the filler is gone warroom
 * recovers by itself. (tests/integration/ops/disk-full.test.ts proves the
 * same deterministically with PRAGMA max_page_count, where no mount is allowed.)
 */
const DISK_FULL = 'warroom cannot save right now: the disk holding its database is full';
const ADMIN = 'admin@disk.test';
const ADMIN_PASSWORD = 'disk-full-admin-1';

async function until<T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Writes 1 MiB chunks, then smaller ones, until the volume refuses: nothing is left. */
function fillDisk(file: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 512, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          fs.writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

test('on a full disk warroom says so everywhere, loses nothing, and recovers by itself', async ({ browser }) => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-diskfull-'));
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=32m,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
  test.skip(
    mount.status !== 0,
    `cannot mount a tmpfs here (${mount.stderr.trim()}); the max_page_count test covers it`,
  );
  let server: BuiltServer | undefined;
  const filler = path.join(dir, 'filler');
  try {
    const port = await freePort();
    const env = ownDataEnv(dir, {
      WARROOM_ADMIN_EMAIL: ADMIN,
      WARROOM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      WARROOM_LOG_LEVEL: 'warn',
    });
    execFileSync('npm', ['run', '-s', 'warroom', '--', 'prepare'], { cwd: ROOT, env, stdio: 'ignore' });
    server = startBuiltServer(port, env);
    await server.healthy();
    const { base } = server;
    const slug = (() => {
      const db = new Database(path.join(dir, 'warroom.db'), { readonly: true });
      try {
        return (db.prepare('SELECT slug FROM "Incident" LIMIT 1').get() as { slug: string }).slug;
      } finally {
        db.close();
      }
    })();

    const admin = await (await browser.newContext({ baseURL: base })).newPage();
    await signIn(admin, ADMIN, ADMIN_PASSWORD);
    await admin.goto(`/incidents/${slug}`);
    await expect(admin.getByTestId('storage-fault-banner')).toHaveCount(0);

    // Empty the write-ahead log into the database first, so the next commit has to grow a file.
    const db = new Database(path.join(dir, 'warroom.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    fillDisk(filler);

    const item = admin.getByRole('checkbox', { name: 'checklist item Backup database' });
    await item.check();
    await expect(admin.getByText(DISK_FULL).first()).toBeVisible();
    await expect(item).not.toBeChecked();

    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'error', cause: 'disk_full', db: `error: ${DISK_FULL}` });

    await admin.reload();
    await expect(admin.getByTestId('storage-fault-banner')).toContainText(DISK_FULL);

    const other = await (await browser.newContext({ baseURL: base })).newPage();
    await submitLogin(other, ADMIN, ADMIN_PASSWORD);
    await expect(other.getByTestId('form-error')).toHaveText(DISK_FULL);

    // Space returns: nobody restarts anything.
    fs.rmSync(filler);
    await until(async () => ((await fetch(`${base}/api/health`)).ok ? true : undefined), 30_000, 'health to recover');
    await admin.reload();
    await expect(admin.getByTestId('storage-fault-banner')).toHaveCount(0);
    await admin.getByRole('checkbox', { name: 'checklist item Backup database' }).check();
    await expect(admin.getByRole('checkbox', { name: 'checklist item Backup database' })).toBeChecked();
    await signIn(other, ADMIN, ADMIN_PASSWORD);

    const check = new Database(path.join(dir, 'warroom.db'), { readonly: true });
    try {
      expect((check.pragma('integrity_check') as { integrity_check: string }[])[0]?.integrity_check).toBe('ok');
    } finally {
      check.close();
    }
  } finally {
    fs.rmSync(filler, { force: true });
    await server?.stop();
    spawnSync('umount', [dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
