import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/**
 * A production server of a spec's own — the compiled entry (dist/start.js,
 * no tsx loader), as systemd runs it — on its own port and database, so
 * stopping it (SIGTERM, a busy port, a full disk) leaves the shared e2e
 * server alone. Stopped by the PID it was started with, never by name.
 */
export const ROOT = path.join(__dirname, '..', '..');
const START = ['dist/start.js'];
/** systemd's TimeoutStopSec: a stop that takes longer than this is the bug; the cleanup then kills. */
const STOP_GRACE_MS = 30_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** dist/start.js from server.ts (next build is the e2e run's; this is the custom server around it). */
export function buildServer(): void {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

/** The environment of a server whose data directory and database are `dataDir`'s. */
export function ownDataEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WARROOM_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, 'warroom.db')}`,
    ...extra,
  };
}

export type BuiltServer = {
  proc: ChildProcess;
  port: number;
  /** http://localhost:<port> */
  base: string;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Resolves once /api/health answers 200; fails with its output if it exits or takes longer than `ms`. */
  healthy: (ms?: number) => Promise<void>;
  /** SIGTERM if it still runs, SIGKILL if it has not stopped after the grace period; resolves once it is gone. */
  stop: () => Promise<void>;
};

/** Starts dist/start.js on `port` with `env` (PORT is added); its output is kept for the spec to read. */
export function startBuiltServer(port: number, env: NodeJS.ProcessEnv): BuiltServer {
  let out = '';
  const proc = spawn(process.execPath, START, {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const running = () => proc.exitCode === null && proc.signalCode === null;
  const base = `http://localhost:${port}`;

  async function healthy(ms = 90_000): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!running()) throw new Error(`the server exited (${proc.exitCode ?? proc.signalCode}):\n${out}`);
      if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the server was not healthy after ${ms} ms:\n${out}`);
  }

  async function stop(): Promise<void> {
    if (!running()) return;
    proc.kill('SIGTERM');
    const killAfterGrace = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(killAfterGrace);
  }

  return { proc, port, base, output: () => out, exited, healthy, stop };
}
