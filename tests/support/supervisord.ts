import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_USER } from './sshd';

const run = promisify(execFile);

/**
 * Debian's supervisord, run as the test user with its own config and socket,
 * managing one small HTTP service on `port`. supervisorctl over SSH finds
 * the config as ~/supervisord.conf (its search path starts in the working
 * directory, which is the login's home). Stopped by the PID in its pid file.
 */
export type TestSupervisor = { dir: string; port: number; program: string; stop(): Promise<void> };

const HOME = `/home/${TEST_USER}`;
const LOCK = join(HOME, '.warroom-supervisor.lock');

export async function startSupervisor(
  port: number,
  program = 'web',
  /** Serve this directory (the test user must be able to read it) instead of a one-page site. */
  options: { serveDir?: string } = {},
): Promise<TestSupervisor> {
  await takeLock();
  const dir = await mkdtemp(join(tmpdir(), 'warroom-supervisor-'));
  const { stdout: ids } = await run('id', ['-u', TEST_USER]);
  const uid = Number(ids.trim());
  const { stdout: gids } = await run('id', ['-g', TEST_USER]);
  const gid = Number(gids.trim());
  await chown(dir, uid, gid);
  await chmod(dir, 0o755);
  const site = join(dir, 'site');
  await mkdir(site);
  await writeFile(join(site, 'index.html'), 'ok\n');
  await chown(site, uid, gid);
  const config = [
    '[unix_http_server]',
    `file=${dir}/supervisor.sock`,
    'chmod=0700',
    '[supervisord]',
    `logfile=${dir}/supervisord.log`,
    `pidfile=${dir}/supervisord.pid`,
    `childlogdir=${dir}`,
    'nodaemon=false',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '[supervisorctl]',
    `serverurl=unix://${dir}/supervisor.sock`,
    `[program:${program}]`,
    `command=python3 -m http.server ${port} --bind 127.0.0.1 --directory ${options.serveDir ?? site}`,
    'autostart=true',
    'autorestart=false',
    'startsecs=1',
    'stopasgroup=true',
    'killasgroup=true',
    `stdout_logfile=${dir}/${program}.out.log`,
    `stderr_logfile=${dir}/${program}.err.log`,
    '',
  ].join('\n');
  const configPath = join(HOME, 'supervisord.conf');
  await writeFile(configPath, config);
  await chown(configPath, uid, gid);
  await run('runuser', ['-u', TEST_USER, '--', 'supervisord', '-c', configPath]);
  await waitFor(async () => (await readFile(join(dir, 'supervisord.pid'), 'utf8').catch(() => '')).trim() !== '');
  // supervisord answers before its program has settled: with startsecs=1 it reads STARTING for a
  // second (longer on a busy machine), and a test that checks "RUNNING" then races it. Wait until it
  // is RUNNING or has given up (FATAL/BACKOFF/EXITED, as when a stale process holds the port).
  await waitFor(async () => {
    const out = await run('runuser', ['-u', TEST_USER, '--', 'supervisorctl', '-c', configPath, 'status', program])
      .then((r) => r.stdout)
      .catch((err: { stdout?: string }) => err.stdout ?? '');
    return /\b(RUNNING|FATAL|BACKOFF|EXITED)\b/.test(out);
  });
  return {
    dir,
    port,
    program,
    async stop() {
      const pid = Number((await readFile(join(dir, 'supervisord.pid'), 'utf8').catch(() => '')).trim());
      if (pid > 1) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
        await waitFor(async () => !(await alive(pid)));
      }
      await rm(configPath, { force: true });
      await rm(dir, { recursive: true, force: true });
      await rm(LOCK, { recursive: true, force: true });
    },
  };
}

async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat !== null && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/**
 * ~/supervisord.conf is one per user: tests that need it take turns. The lock
 * names its holder's PID, so a lock left by a test process that died is taken over.
 */
async function takeLock(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      await mkdir(LOCK);
      await writeFile(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch {
      const holder = Number((await readFile(join(LOCK, 'pid'), 'utf8').catch(() => '')).trim());
      if (holder > 1 && !(await alive(holder))) await rm(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${LOCK} is held; another test is using supervisord as ${TEST_USER}`);
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out waiting for supervisord');
}
