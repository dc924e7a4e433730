import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** Helpers for benches that start the built app (bench/ticks.ts, bench/export.ts). */

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function waitHealthy(base: string, ms = 240_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become healthy');
}

/**
 * The built app on `port` with its own data directory, started the way e2e starts it
 * (e2e/support/serve.sh, its own process group), and stopped by that group at exit.
 */
export function serveBuiltApp(root: string, dataDir: string, port: number): { server: ChildProcess; stop: () => void } {
  const env = { ...process.env, E2E_DATA_DIR: dataDir, PORT: String(port), WARROOM_LOG_LEVEL: 'warn' };
  const server = spawn('bash', [path.join(root, 'e2e/support/serve.sh')], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  return { server, stop };
}
