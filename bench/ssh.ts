/**
 * SSH executor bench: `npx tsx bench/ssh.ts`
 *
 * Against real sshd instances on loopback (tests/support/sshd.ts), compares 20
 * sequential commands through the pooled executor with OpenSSH per command,
 * OpenSSH with a warm ControlMaster, and Ansible ad-hoc (when installed), then
 * one command on 20 hosts at once vs on one host. Prints a table and a last
 * `RESULT {…}` line. Everything it starts it stops, by PID, handle or control socket.
 *
 * The loopback fan-out rows have ~0 RTT, so with 20 sshd on a small machine
 * they measure the hosts' CPU (forks, shells, crypto) more than whether the
 * executor runs hosts in parallel. The fan-out is therefore measured a second
 * time over an emulated network: a user-space TCP delay proxy per host
 * (bench/support/delay-proxy.ts; `tc netem` is not available in this kernel),
 * BENCH_SSH_ONE_WAY_MS each way (default 10 ms, i.e. 20 ms RTT).
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import type { HostTarget } from '@/lib/ssh/types';
import { startTestHosts, type TestHosts } from '@/tests/support/sshd';
import { startDelayProxy } from './support/delay-proxy';
import { openSshArgs, writeKnownHosts } from './support/openssh';
import { median, round } from './support/stats';

const run = promisify(execFile);
const SEQUENTIAL = 20;
const FANOUT_HOSTS = 20;
const FANOUT_REPEATS = 7;
/** Fan-out over the delay proxies: cheap per round, so more rounds for a steadier median. */
const RTT_FANOUT_REPEATS = 11;
const RTT_COLD_REPEATS = 5;
const ONE_WAY_DELAY_MS = Number(process.env.BENCH_SSH_ONE_WAY_MS ?? 10);
const RTT_MS = 2 * ONE_WAY_DELAY_MS;
/** Rounds of SEQUENTIAL commands per method; the median round is reported (loopback timings are noisy). */
const ROUNDS = 5;

interface Row {
  name: string;
  totalMs: number | null;
  perCommandMs: number | null;
  note: string;
}

async function main(): Promise<void> {
  if (!Number.isFinite(ONE_WAY_DELAY_MS) || ONE_WAY_DELAY_MS < 0)
    throw new Error('BENCH_SSH_ONE_WAY_MS must be a number ≥ 0');
  console.log(
    `context: ${availableParallelism()} cores (os.availableParallelism()), ${FANOUT_HOSTS} sshd on loopback; ` +
      `tc netem is unavailable in this kernel ("Specified qdisc kind is unknown"), so network latency is emulated ` +
      `in user space: a TCP delay proxy per host, ${ONE_WAY_DELAY_MS} ms each way (${RTT_MS} ms RTT)`,
  );
  const sshd = await startTestHosts(FANOUT_HOSTS);
  const pool = new ConnectionPool();
  /** Run last-in first-out, so a pool is closed before the proxies under it. */
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const host = sshd.host(0);
    const knownHosts = await writeKnownHosts(sshd);
    const ssh = openSshArgs(sshd, host, knownHosts);

    const executorMs = await timeSequential(
      async () => expectOk(await exec(host, 'true', { timeoutMs: 10_000 }, pool)),
      true,
    );
    const opensshMs = await timeSequential(() => run('ssh', [...ssh, 'true']), false, 3);

    const controlPath = join(sshd.dir, 'cm-%C');
    const masterArgs = [
      ...ssh.slice(0, -1),
      '-o',
      'ControlMaster=auto',
      '-o',
      `ControlPath=${controlPath}`,
      '-o',
      'ControlPersist=120',
      ssh.at(-1)!,
    ];
    cleanups.push(() =>
      run('ssh', [...masterArgs.slice(0, -1), '-O', 'exit', masterArgs.at(-1)!]).catch(() => undefined),
    );
    const controlMasterMs = await timeSequential(() => run('ssh', [...masterArgs, 'true']), true);

    const ansible = await benchAnsible(sshd, host, knownHosts, cleanups);

    const fanout = await benchFanout(sshd.hosts, pool);
    const coldFanout = await benchColdFanout(sshd.hosts);
    const rtt = await benchRttFanout(sshd.hosts, cleanups);

    const rows: Row[] = [
      row('executor (pooled ssh2)', executorMs, 'warm pooled connection'),
      row('openssh ssh per command', opensshMs, 'new connection + auth each time (3 rounds)'),
      row('openssh ControlMaster', controlMasterMs, 'warm master, ControlPersist'),
      ansible.ms === null
        ? { name: 'ansible ad-hoc', totalMs: null, perCommandMs: null, note: ansible.note }
        : row('ansible ad-hoc', ansible.ms, ansible.note),
      {
        name: 'fan-out: 1 host (warm)',
        totalMs: fanout.oneMs,
        perCommandMs: null,
        note: `median of ${FANOUT_REPEATS}`,
      },
      {
        name: `fan-out: ${FANOUT_HOSTS} hosts (warm)`,
        totalMs: fanout.allMs,
        perCommandMs: null,
        note: `median of ${FANOUT_REPEATS}, ${(fanout.allMs / fanout.oneMs).toFixed(2)}× one host`,
      },
      { name: 'fan-out: 1 host (cold)', totalMs: coldFanout.oneMs, perCommandMs: null, note: 'connect + auth + exec' },
      {
        name: `fan-out: ${FANOUT_HOSTS} hosts (cold)`,
        totalMs: coldFanout.allMs,
        perCommandMs: null,
        note: `${(coldFanout.allMs / coldFanout.oneMs).toFixed(2)}× one host`,
      },
      {
        name: `fan-out over ${RTT_MS} ms RTT: 1 host (warm)`,
        totalMs: rtt.warm.oneMs,
        perCommandMs: null,
        note: `median of ${RTT_FANOUT_REPEATS}, ≈ ${(rtt.warm.oneMs / RTT_MS).toFixed(1)} RTT; ${holdSummary(rtt.holds.one)}`,
      },
      {
        name: `fan-out over ${RTT_MS} ms RTT: ${FANOUT_HOSTS} hosts (warm)`,
        totalMs: rtt.warm.allMs,
        perCommandMs: null,
        note: `median of ${RTT_FANOUT_REPEATS}, ${(rtt.warm.allMs / rtt.warm.oneMs).toFixed(2)}× one host; ${holdSummary(rtt.holds.all)}`,
      },
      {
        name: `fan-out over ${RTT_MS} ms RTT: 1 host (cold)`,
        totalMs: rtt.cold.oneMs,
        perCommandMs: null,
        note: `connect + auth + exec, median of ${RTT_COLD_REPEATS}, ≈ ${(rtt.cold.oneMs / RTT_MS).toFixed(1)} RTT`,
      },
      {
        name: `fan-out over ${RTT_MS} ms RTT: ${FANOUT_HOSTS} hosts (cold)`,
        totalMs: rtt.cold.allMs,
        perCommandMs: null,
        note: `median of ${RTT_COLD_REPEATS}, ${(rtt.cold.allMs / rtt.cold.oneMs).toFixed(2)}× one host`,
      },
    ];
    printTable(rows);
    const result = {
      executor_ms: round(executorMs),
      openssh_ms: round(opensshMs),
      controlmaster_ms: round(controlMasterMs),
      ansible_ms: ansible.ms === null ? null : round(ansible.ms),
      ratio_vs_controlmaster: round(executorMs / controlMasterMs, 3),
      fanout20_vs_1: round(fanout.allMs / fanout.oneMs, 2),
      fanout20_vs_1_cold: round(coldFanout.allMs / coldFanout.oneMs, 2),
      [`fanout20_vs_1_rtt${RTT_MS}`]: round(rtt.warm.allMs / rtt.warm.oneMs, 2),
      [`fanout20_vs_1_rtt${RTT_MS}_cold`]: round(rtt.cold.allMs / rtt.cold.oneMs, 2),
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await pool.closeAll();
    await sshd.stop();
  }
}

/**
 * Median total ms of `rounds` rounds of SEQUENTIAL runs; with `warm`, one
 * untimed run first (connection or master set up).
 */
async function timeSequential(runOnce: () => Promise<unknown>, warm = false, rounds = ROUNDS): Promise<number> {
  if (warm) await runOnce();
  const totals: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < SEQUENTIAL; i++) await runOnce();
    totals.push(performance.now() - started);
  }
  return median(totals);
}

function expectOk(result: { status: string; message?: string }): void {
  if (result.status !== 'succeeded') throw new Error(`bench command failed: ${result.status} ${result.message ?? ''}`);
}

async function benchAnsible(
  sshd: TestHosts,
  host: HostTarget,
  knownHosts: string,
  cleanups: Array<() => Promise<unknown>>,
): Promise<{ ms: number | null; note: string }> {
  const available = await run('ansible', ['--version']).then(
    () => true,
    () => false,
  );
  if (!available) return { ms: null, note: 'skipped: ansible not installed' };
  const controlDir = join(sshd.dir, 'ansible-cp');
  await mkdir(controlDir, { recursive: true });
  const inventory = join(sshd.dir, 'inventory.ini');
  await writeFile(
    inventory,
    `[bench]\nh0 ansible_host=${host.address} ansible_port=${host.port} ansible_user=${host.username} ` +
      `ansible_ssh_private_key_file=${sshd.clientKeyPath} ansible_python_interpreter=/usr/bin/python3 ` +
      `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes'\n`,
  );
  const env = {
    ...process.env,
    ANSIBLE_HOST_KEY_CHECKING: 'True',
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
    ANSIBLE_LOCAL_TEMP: join(sshd.dir, 'ansible-tmp'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_STDOUT_CALLBACK: 'minimal',
  };
  // Ansible leaves ControlPersist masters behind; close each by its socket.
  cleanups.push(async () => {
    for (const socket of await readdir(controlDir).catch(() => [])) {
      await run('ssh', ['-o', `ControlPath=${join(controlDir, socket)}`, '-O', 'exit', 'bench']).catch(() => undefined);
    }
  });
  const ansibleOnce = () => run('ansible', ['bench', '-i', inventory, '-m', 'command', '-a', 'true'], { env });
  const ms = await timeSequential(ansibleOnce, true, 1);
  return { ms, note: 'one `ansible -m command` per command, its ControlPersist warm (1 round)' };
}

async function benchFanout(
  hosts: HostTarget[],
  pool: ConnectionPool,
  repeats = FANOUT_REPEATS,
  /** Called after the untimed warm-up and after each timed run (the proxied bench collects hold times). */
  after: (run: 'warmup' | 'one' | 'all') => void = () => {},
): Promise<{ oneMs: number; allMs: number }> {
  const runOn = async (targets: HostTarget[]) => {
    const results = await Promise.all(targets.map((target) => exec(target, 'true', { timeoutMs: 30_000 }, pool)));
    results.forEach(expectOk);
  };
  await runOn(hosts);
  after('warmup');
  const one: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < repeats; i++) {
    one.push(await timed(() => runOn(hosts.slice(0, 1))));
    after('one');
    all.push(await timed(() => runOn(hosts)));
    after('all');
  }
  return { oneMs: median(one), allMs: median(all) };
}

async function benchColdFanout(hosts: HostTarget[], repeats = 3): Promise<{ oneMs: number; allMs: number }> {
  const runCold = async (targets: HostTarget[]) => {
    const pool = new ConnectionPool();
    try {
      return await timed(async () => {
        const results = await Promise.all(targets.map((target) => exec(target, 'true', { timeoutMs: 30_000 }, pool)));
        results.forEach(expectOk);
      });
    } finally {
      await pool.closeAll();
    }
  };
  const one: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < repeats; i++) {
    one.push(await runCold(hosts.slice(0, 1)));
    all.push(await runCold(hosts));
  }
  return { oneMs: median(one), allMs: median(all) };
}

/**
 * The same fan-out, each host reached through its own delay proxy. The targets
 * keep their real host-key pins: the proxy is plain TCP, so the executor still
 * verifies each sshd's key end to end. A separate pool (and target ids) keeps
 * these connections apart from the loopback ones.
 */
async function benchRttFanout(
  hosts: HostTarget[],
  cleanups: Array<() => Promise<unknown>>,
): Promise<{
  warm: { oneMs: number; allMs: number };
  cold: { oneMs: number; allMs: number };
  holds: { one: number[]; all: number[] };
}> {
  const proxies = await Promise.all(
    hosts.map((host) => startDelayProxy({ host: host.address, port: host.port }, ONE_WAY_DELAY_MS)),
  );
  cleanups.push(() => Promise.all(proxies.map((proxy) => proxy.close())));
  const proxied = hosts.map((host, i): HostTarget => {
    const proxy = proxies[i];
    if (!proxy) throw new Error(`no delay proxy for ${host.name}`);
    return { ...host, id: `${host.id}-rtt${RTT_MS}`, port: proxy.port };
  });
  const pool = new ConnectionPool();
  cleanups.push(() => pool.closeAll());
  // Per-chunk hold times show how close the emulation stays to the nominal
  // delay, separately for the 1-host and the 20-host runs (the proxies share
  // this process's event loop with the executor).
  const holds = { one: [] as number[], all: [] as number[] };
  const warm = await benchFanout(proxied, pool, RTT_FANOUT_REPEATS, (run) => {
    const drained = proxies.flatMap((proxy) => proxy.drainHoldTimes());
    if (run !== 'warmup') holds[run].push(...drained);
  });
  await pool.closeAll();
  const cold = await benchColdFanout(proxied, RTT_COLD_REPEATS);
  return { warm, cold, holds };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Actual one-way hold per forwarded chunk (nominal ONE_WAY_DELAY_MS). */
function holdSummary(holds: number[]): string {
  if (holds.length === 0) return 'no chunks forwarded';
  const sorted = [...holds].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(1);
  return `proxy hold p50 ${at(0.5)} / p95 ${at(0.95)} / max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`;
}

function row(name: string, totalMs: number, note: string): Row {
  return { name, totalMs, perCommandMs: totalMs / SEQUENTIAL, note };
}

function printTable(rows: Row[]): void {
  const header = ['method', `ms (${SEQUENTIAL} seq, median round)`, 'ms/command', 'note'];
  const cells = rows.map((r) => [
    r.name,
    r.totalMs === null ? '—' : r.totalMs.toFixed(1),
    r.perCommandMs === null ? '' : r.perCommandMs.toFixed(2),
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const format = (c: string[]) =>
    c.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(format(c));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
