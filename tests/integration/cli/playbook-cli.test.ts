import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import { runCli, tempCliEnv } from '../../support/cli';
import { startTestHosts, type TestHosts } from '../../support/sshd';

const { dir, dbPath, env, cleanup } = tempCliEnv('warroom-playbook-cli-', { WARROOM_SEED_DEMO: '0' });
const cli = (args: string[], input?: string) => runCli(env, args, input);
let sshd: TestHosts;
const pool = new ConnectionPool();

beforeAll(async () => {
  sshd = await startTestHosts(1);
});

afterAll(async () => {
  await pool.closeAll();
  await sshd?.stop();
  cleanup();
});

function hostRow(name: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT hostKeyPin, serviceManager FROM Host WHERE name = ?').get(name) as
      { hostKeyPin: string | null; serviceManager: string } | undefined;
  } finally {
    db.close();
  }
}

describe('warroom playbook lint', () => {
  it('passes every built-in', () => {
    const files = fs.readdirSync('playbooks').map((f) => path.join('playbooks', f));
    const r = cli(['playbook', 'lint', ...files]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/free-port-and-restart\.yaml: ok \(free-port-and-restart sha256:[0-9a-f]{64}\)/);
  });

  it('exits non-zero naming the file, line and key', () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      bad,
      'name: bad\ndescription: x\ndestructive: false\nsteps:\n  - id: a\n    name: A\n    kind: run\n    run: echo hi\n    on_fail: continue\n',
    );
    const r = cli(['playbook', 'lint', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:9:5 steps[0].on_fail: unknown key "on_fail"`);
  });
});

describe('warroom host add / trust / playbook render', () => {
  it('adds a host and prints the key it presents', () => {
    const host = sshd.host(0);
    const r = cli([...sshd.hostAddArgs(0, 'tms-web-1'), '--service-manager', 'supervisor']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`it presents ssh-ed25519 ${host.hostKeyPin}`);
    expect(hostRow('tms-web-1')).toEqual({ hostKeyPin: null, serviceManager: 'supervisor' });
  });

  it('refuses a dry run on a host that is not trusted yet', () => {
    const r = cli(['playbook', 'render', 'tail-logs', '--host', 'tms-web-1', '--param', 'unit=web']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('!! blocked: tms-web-1 has no trusted host key');
  });

  it('refuses to trust a fingerprint the host does not present, and pins the one it does', () => {
    const wrong = `SHA256:${'A'.repeat(43)}`;
    const refused = cli(['host', 'trust', 'tms-web-1', '--fingerprint', wrong]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /HOST_KEY_CHANGED: tms-web-1 presents ssh-ed25519 SHA256:\S+, not SHA256:A{43}\. Nothing was pinned/,
    );
    expect(hostRow('tms-web-1')?.hostKeyPin).toBeNull();

    const pinned = cli(['host', 'trust', 'tms-web-1', '--fingerprint', sshd.host(0).hostKeyPin!]);
    expect(pinned.code).toBe(0);
    expect(hostRow('tms-web-1')?.hostKeyPin).toBe(sshd.host(0).hostKeyPin);
  });

  it('renders free-port-and-restart against the real host, observing the holder', async () => {
    const port = 30_000 + (process.pid % 20_000);
    const started = await exec(
      sshd.host(0),
      `nohup python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",${port})); s.listen(); time.sleep(300)' >/dev/null 2>&1 </dev/null & echo $!; sleep 0.5`,
      { timeoutMs: 10_000 },
      pool,
    );
    const pid = started.stdout.trim();
    try {
      const r = cli([
        'playbook',
        'render',
        'free-port-and-restart',
        '--host',
        'tms-web-1',
        '--param',
        `port=${port}`,
        '--param',
        'unit=web',
        '--json',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const dry = JSON.parse(r.stdout);
      expect(dry.ok).toBe(true);
      expect(dry.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(dry.hosts[0].fingerprint).toBe(sshd.host(0).hostKeyPin);
      expect(dry.hosts[0].observations[0].values).toMatchObject({ 'holder.pid': pid, 'holder.comm': 'python3' });
      const stop = dry.hosts[0].steps.find((s: { id: string }) => s.id === 'stop-holder');
      expect(stop.command).toContain(`pid='${pid}'`);
      expect(dry.hosts[0].steps.find((s: { id: string }) => s.id === 'start-unit').command).toBe(
        "supervisorctl start 'web'",
      );

      const text = cli([
        'playbook',
        'render',
        'free-port-and-restart',
        '--host',
        'tms-web-1',
        '--param',
        `port=${port}`,
        '--param',
        'unit=web',
      ]);
      expect(text.stdout).toContain(`   => holder.pid = ${pid}`);
      expect(text.stdout).toContain(`digest: ${dry.digest}`);
    } finally {
      await exec(sshd.host(0), `kill ${pid}`, { timeoutMs: 10_000 }, pool);
    }
  });

  it('names a bad or undeclared parameter and an unknown host', () => {
    const bad = cli(['playbook', 'render', 'tail-logs', '--host', 'tms-web-1', '--param', 'unit=web;id']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unit "web;id" is not a unit name/);
    const extra = cli([
      'playbook',
      'render',
      'tail-logs',
      '--host',
      'tms-web-1',
      '--param',
      'unit=web',
      '--param',
      'ref=x',
    ]);
    expect(extra.stderr).toMatch(/ref is not a parameter of this playbook/);
    const host = cli(['playbook', 'render', 'tail-logs', '--host', 'nope', '--param', 'unit=web']);
    expect(host.stderr).toMatch(/no host named nope/);
  });

  it('keeps the audit chain intact', () => {
    expect(cli(['audit', 'verify'])).toMatchObject({ code: 0 });
  });
});
