/**
 * Does a sign-in flood stall everything else? A real HTTP server in this
 * process answers /api/health (a tiny JSON body, like the real one) while
 * 40 password checks at a time are thrown at it, and a client measures the
 * health latency during the flood — once with bcryptjs (the old hash: pure
 * JavaScript on the one event-loop thread) and once with scrypt from
 * node:crypto (libuv's thread pool; lib/auth/password.ts). The event loop's
 * longest stall is measured too (monitorEventLoopDelay).
 *
 * Not a test: tests never assert wall-clock times. The machine is shared.
 *
 *   npx tsx bench/sign-in-flood.ts
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import bcrypt from 'bcryptjs';
import { hashPassword, verifyPassword } from '../lib/auth/password';

const FLOOD = 40;
const DURATION_MS = 4_000;

type Row = { hash: string; signIns: number; p50: number; p99: number; max: number; loopMaxMs: number };

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function run(name: string, verify: () => Promise<unknown>, port: number): Promise<Row> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let stop = false;
  let signIns = 0;
  const flood = Array.from({ length: FLOOD }, async () => {
    while (!stop) {
      await verify();
      signIns++;
    }
  });
  const latencies: number[] = [];
  const end = Date.now() + DURATION_MS;
  while (Date.now() < end) {
    const t0 = performance.now();
    await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.text());
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  stop = true;
  await Promise.all(flood);
  loop.disable();
  return {
    hash: name,
    signIns,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    loopMaxMs: loop.max / 1e6,
  };
}

async function main() {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const idle = await run('none (idle)', () => new Promise((r) => setTimeout(r, 50)), port);
  const bcryptHash = await bcrypt.hash('correct horse battery', 11);
  const old = await run('bcryptjs cost 11 (before)', () => bcrypt.compare('wrong password!', bcryptHash), port);
  const scryptHash = await hashPassword('correct horse battery');
  const now = await run('scrypt N=2^15 (after)', () => verifyPassword('wrong password!', scryptHash), port);
  server.close();

  const rows = [idle, old, now];
  console.log(
    `sign-in flood: ${FLOOD} concurrent password checks for ${DURATION_MS / 1000} s; /api/health every 20 ms`,
  );
  console.log('| hash | sign-ins checked | health p50 ms | health p99 ms | health max ms | event-loop max stall ms |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.hash} | ${r.signIns} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.loopMaxMs.toFixed(1)} |`,
    );
  }
  console.log(
    `RESULT ${JSON.stringify({
      bcrypt_health_p99_ms: +old.p99.toFixed(1),
      scrypt_health_p99_ms: +now.p99.toFixed(1),
      bcrypt_loop_max_ms: +old.loopMaxMs.toFixed(1),
      scrypt_loop_max_ms: +now.loopMaxMs.toFixed(1),
      idle_health_p99_ms: +idle.p99.toFixed(1),
    })}`,
  );
}

void main();
