import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempCliEnv } from '../../support/cli';

/**
 * `warroom backup` while another process keeps ticking through the real
 * commit path, then `warroom restore`: refused while that process runs,
 * then a consistent copy whose audit chain verifies, the replaced database
 * kept aside, and a signed checkpoint so the rewind is not called tampering
 * (while cutting entries off by hand still is).
 */
const ROOT = path.join(__dirname, '..', '..', '..');
const t = tempCliEnv('warroom-backup-', {
  WARROOM_ADMIN_EMAIL: 'admin@backup.test',
  WARROOM_ADMIN_PASSWORD: 'backup-pass-123',
});
let writer: ChildProcess | undefined;
let writerOut = '';

function startWriter(): ChildProcess {
  const p = spawn(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', path.join(__dirname, 'tick-writer.ts')],
    { cwd: ROOT, env: t.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  p.stdout!.on('data', (d) => (writerOut += d));
  p.stderr!.on('data', (d) => (writerOut += d));
  return p;
}

function ticksSoFar(): number {
  const last = [...writerOut.matchAll(/ticks (\d+)/g)].at(-1);
  return last ? Number(last[1]) : 0;
}

async function until(check: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; writer said: ${writerOut.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Per item: version minus the number of tick/untick audit entries naming it. One value for all = one snapshot. */
function consistency(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT i.id, i.version, (SELECT count(*) FROM "AuditEntry" a WHERE a.targetId = i.id AND a.action IN ('checklist.tick','checklist.untick')) AS ticks FROM "ChecklistItem" i`,
      )
      .all() as { id: string; version: number; ticks: number }[];
    const head = (db.prepare('SELECT max(seq) AS seq FROM "AuditEntry"').get() as { seq: number }).seq;
    return {
      offsets: new Set(rows.map((r) => r.version - r.ticks)),
      ticks: rows.reduce((n, r) => n + r.ticks, 0),
      head,
    };
  } finally {
    db.close();
  }
}

beforeAll(() => {
  const r = runCli(t.env, ['prepare']);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => {
  if (writer && writer.exitCode === null) writer.kill('SIGKILL');
  t.cleanup();
});

describe('warroom backup and restore', () => {
  it('backs up while ticks are written, refuses to restore while the app runs, restores a consistent verified copy', async () => {
    writer = startWriter();
    await until(() => ticksSoFar() >= 30, 60_000, 'the writer to tick');
    const backup = path.join(t.dir, 'nightly.db');
    const before = ticksSoFar();
    const b = runCli(t.env, ['backup', backup]);
    expect(b.code, b.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(ticksSoFar(), 'the writer kept ticking while the backup ran').toBeGreaterThan(before);
    expect(b.stdout).toMatch(/backup written: .*nightly\.db .*audit head seq \d+/);
    const atBackup = ticksSoFar();
    await until(() => ticksSoFar() >= atBackup + 30, 60_000, 'more ticks after the backup');
    expect(fs.readdirSync(t.dir).filter((f) => f.includes('.partial-'))).toEqual([]);

    // The copy is one snapshot: every item's version matches its audited ticks.
    const copy = consistency(backup);
    expect(copy.offsets.size).toBe(1);
    expect(copy.ticks).toBeGreaterThanOrEqual(30);

    // The live chain is verified (and anchored) past the backup's head.
    const verified = runCli(t.env, ['audit', 'verify']);
    expect(verified.code, verified.stderr).toBe(0);

    const refused = runCli(t.env, ['restore', backup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`warroom is running (PID ${writer.pid}`);

    writer.kill('SIGTERM');
    await new Promise((r) => writer!.once('exit', r));
    expect(writerOut).toMatch(/stopped after \d+ ticks/);
    const liveHead = consistency(t.dbPath).head;
    expect(liveHead).toBeGreaterThan(copy.head);

    const restored = runCli(t.env, ['restore', backup]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`restored head seq ${copy.head}`);
    const kept = /kept at (\S+)/.exec(restored.stdout)?.[1];
    expect(kept && fs.existsSync(kept)).toBeTruthy();
    expect(consistency(kept!).head).toBe(liveHead);

    const after = consistency(t.dbPath);
    expect(after.offsets.size).toBe(1);
    expect(after.head).toBe(copy.head + 1); // the restore's own audit entry
    const anchor = JSON.parse(fs.readFileSync(path.join(t.dir, 'config', 'audit-anchor.json'), 'utf8'));
    expect(anchor).toMatchObject({ reason: 'restore', seq: copy.head + 1, replaced: { seq: liveHead } });

    // The rewind is not tampering: the chain verifies against the signed checkpoint …
    const check = runCli(t.env, ['audit', 'verify']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain(`signed head seq ${copy.head + 1} (restore`);

    // … but cutting the newest entry off by hand is caught.
    const raw = new Database(t.dbPath);
    // Someone with the file: the append-only triggers go first.
    raw.exec('DROP TRIGGER IF EXISTS "AuditEntry_no_update"; DROP TRIGGER IF EXISTS "AuditEntry_no_delete";');
    raw.prepare('DELETE FROM "TimelineEvent" WHERE auditSeq = ?').run(copy.head + 1);
    raw.prepare('DELETE FROM "AuditEntry" WHERE seq = ?').run(copy.head + 1);
    raw.close();
    const cut = runCli(t.env, ['audit', 'verify']);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain(`entry seq ${copy.head + 1}`);
    expect(cut.stderr).toContain('missing');
    // Without the secret key the signature cannot be checked, but the cut still shows.
    const keyless = { ...t.env };
    delete keyless.AUTH_SECRET;
    delete keyless.WARROOM_SECRET_KEY;
    const blind = runCli(keyless, ['audit', 'verify']);
    expect(blind.code).toBe(1);
    expect(blind.stderr).toContain(`entry seq ${copy.head + 1}`);
  });

  it('refuses a file that is not a sound warroom database, changing nothing', () => {
    const before = fs.readFileSync(t.dbPath);
    const junk = path.join(t.dir, 'junk.db');
    fs.writeFileSync(junk, Buffer.alloc(8192, 7));
    const r = runCli(t.env, ['restore', junk]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/restore refused: .*(not a database|integrity)/);

    const forged = path.join(t.dir, 'forged.db');
    const b = runCli(t.env, ['backup', forged]);
    expect(b.code, b.stderr).toBe(0);
    const raw = new Database(forged);
    raw.exec('DROP TRIGGER IF EXISTS "AuditEntry_no_update"; DROP TRIGGER IF EXISTS "AuditEntry_no_delete";');
    raw.prepare(`UPDATE "AuditEntry" SET payload = '{"forged":true}' WHERE seq = 2`).run();
    raw.close();
    const f = runCli(t.env, ['restore', forged]);
    expect(f.code).toBe(1);
    expect(f.stderr).toContain("the backup's audit chain is broken at seq 2");
    expect(fs.readFileSync(t.dbPath).equals(before)).toBe(true);
    expect(fs.readdirSync(t.dir).filter((x) => x.includes('.restoring-'))).toEqual([]);
  });
});
