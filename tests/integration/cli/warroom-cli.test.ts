import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempCliEnv } from '../../support/cli';

const { dbPath, env, cleanup } = tempCliEnv('warroom-cli-', { WARROOM_SEED_DEMO: '0' });
const cli = (args: string[], input?: string) => runCli(env, args, input);

afterAll(cleanup);

describe('warroom CLI', () => {
  it('migrates an empty database', () => {
    const r = cli(['migrate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/applied 20261129090000_init/);
    expect(cli(['migrate']).stdout).toMatch(/up to date/);
  });

  it('adds a user with a password from stdin, and one with a generated password printed once', () => {
    // Run through sudo by alice: her name is on the audit entry, not root's.
    const a = runCli(
      { ...env, SUDO_USER: 'alice' },
      ['user', 'add', 'IC@Gmail.Test', '--role', 'commander'],
      'correct-horse-battery\n',
    );
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/added ic@gmail.test as commander/);
    expect(a.stdout).not.toMatch(/password:/);
    const b = runCli({ ...env, SUDO_USER: '' }, ['user', 'add', 'oncall@corp.internal', '--role', 'responder']);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/password: [A-Za-z0-9]{20}\s/);
    const actors = execFileSync('sqlite3', [dbPath, 'SELECT actorId, actorEmail FROM "AuditEntry" ORDER BY seq'], {
      encoding: 'utf8',
    });
    expect(actors.trim().split('\n')).toEqual(['|cli:alice', `|cli:${os.userInfo().username}`]);
  });

  it('names the problem for a duplicate, a bad role and a bad email', () => {
    expect(cli(['user', 'add', 'ic@gmail.test', '--role', 'viewer'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/already exists/),
    });
    expect(cli(['user', 'add', 'x@tms.test', '--role', 'pilot'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/role/),
    });
    expect(cli(['user', 'add', 'no-at-sign', '--role', 'viewer'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/email/),
    });
    expect(cli(['bogus']).code).toBe(2);
  });

  it('verifies the audit chain, and names the row after it is edited with sqlite3', () => {
    const ok = cli(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe('audit chain ok: 2 entries');
    execFileSync('sqlite3', [dbPath, `UPDATE "AuditEntry" SET "payload" = '{"role":"admin"}' WHERE "seq" = 2`]);
    const bad = cli(['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/BROKEN at seq 2/);
  });

  it('names a deleted row too', () => {
    execFileSync('sqlite3', [
      dbPath,
      `UPDATE "AuditEntry" SET "payload" = (SELECT payload FROM "AuditEntry" WHERE seq = 2) WHERE 0`,
    ]);
    execFileSync('sqlite3', [dbPath, `DELETE FROM "AuditEntry" WHERE "seq" = 1`]);
    const bad = cli(['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/BROKEN at seq 2/);
  });
});
