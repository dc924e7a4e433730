/**
 * Playbook runner bench:
 *   node --conditions=react-server --import tsx bench/playbook.ts
 *
 * Real sshd instances on loopback (tests/support/sshd.ts), a throwaway SQLite
 * file, the real runner (database and audit writes included):
 * 1. a 20-step playbook on one host, beside OpenSSH with a warm ControlMaster
 *    running the same 20 commands one after another (ratio_vs_controlmaster),
 *    and the database cost per step with synchronous = FULL (the default)
 *    and NORMAL (db_ms_per_step, db_ms_per_step_normal);
 * 2. one step on 20 hosts vs on one, each behind a user-space TCP delay
 *    proxy of 10 ms each way, measured warm (fanout20_vs_1_rtt20, after
 *    BENCH_WARMUP rounds; the first round's ratio is printed); beside it the same with
 *    bare `exec` calls and no runner (fanout20_vs_1_bare_exec): the floor of
 *    this emulation, where the 20 sshd share this machine's cores;
 * 3. 50 MB of output streamed to 5 tab streams (the real stream response,
 *    read in this process): the longest event-loop stall and RSS growth.
 * Prints a table and a last line `RESULT {json}`. Everything it starts it stops.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { useTempDatabase as createTempDatabase } from '@/tests/support/temp-env';
import { startTestHosts, type TestHosts } from '@/tests/support/sshd';
import { startDelayProxy, type DelayProxy } from './support/delay-proxy';
import { openSshArgs, writeKnownHosts } from './support/openssh';
import { markdownTable, median } from './support/stats';

const run = promisify(execFile);
const STEPS = 20;
const FANOUT = 20;
/** Medians of this many back-to-back rounds (BENCH_ROUNDS): fan-out rounds vary by ±10 ms here. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
/**
 * Fan-out rounds run before those measured (BENCH_WARMUP): a server runs its
 * runner warm, and the first rounds time V8 compiling the runner's code paths
 * (a 20-host run walks more of them, so cold rounds overstate the ratio).
 * The first round's ratio is printed beside the warm one.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const ONE_WAY_MS = 10;
const FLOOD_BYTES = 50_000_000;
const BROWSERS = 5;

createTempDatabase();

async function main() {
  const { db, closeDb } = await import('@/lib/db');
  const { commitMutation } = await import('@/lib/mutations/commit-mutation');
  const { cliActor } = await import('@/lib/audit/actor');
  const { CreateHostInput } = await import('@/lib/hosts/host-input');
  const { createHost } = await import('@/lib/hosts/hosts');
  const { closeAllConnections, defaultPool, exec } = await import('@/lib/ssh/exec');
  const { loadHostTarget } = await import('@/lib/hosts/connect');
  const { savePlaybook } = await import('@/lib/playbooks/saved-playbooks');
  const { startRun } = await import('@/lib/playbooks/runs');
  const { runChannel } = await import('@/lib/playbooks/run-events');
  const { streamResponse } = await import('@/lib/realtime/stream');
  const actor = cliActor();

  const sshd: TestHosts = await startTestHosts(FANOUT);
  const proxies: DelayProxy[] = [];
  try {
    const addHost = async (name: string, i: number, port: number) => {
      const h = sshd.host(i);
      const input = CreateHostInput.parse({
        name,
        address: h.address,
        port: String(port),
        username: h.username,
        serviceManager: 'systemd',
        privateKey: h.privateKey,
      });
      const { data } = await commitMutation(actor, (tx) => createHost(tx, input));
      await db.host.update({ where: { id: data.id }, data: { hostKeyPin: h.hostKeyPin } });
    };
    await addHost('direct', 0, sshd.host(0).port);
    for (let i = 0; i < FANOUT; i++) {
      const target = sshd.host(i);
      const proxy = await startDelayProxy({ host: target.address, port: target.port }, ONE_WAY_MS);
      proxies.push(proxy);
      await addHost(`rtt-${i}`, i, proxy.port);
    }
    const steps = Array.from(
      { length: STEPS },
      (_, i) => `  - id: s${i}\n    name: Step ${i}\n    kind: run\n    run: 'true'\n`,
    );
    const sources = [
      `name: twenty\ndescription: Twenty steps.\ndestructive: false\nsteps:\n${steps.join('')}`,
      `name: one\ndescription: One step.\ndestructive: false\ntargets: { concurrency: ${FANOUT} }\nsteps:\n${steps[0]}`,
      `name: flood\ndescription: 50 MB.\ndestructive: false\nsteps:\n  - id: flood\n    name: Flood\n    kind: run\n    timeout: 5m\n    run: head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' 'x'\n`,
    ];
    for (const source of sources) await commitMutation(actor, (tx) => savePlaybook(tx, actor, source));

    const timeRun = async (playbook: string, hosts: string[]) => {
      const started = performance.now();
      const { runId, done } = await startRun(actor, { playbook, hosts, params: {} }, { via: 'bench' });
      const status = await done;
      const ms = performance.now() - started;
      if (status !== 'succeeded') throw new Error(`${playbook} run #${runId}: ${status}`);
      return { ms, runId };
    };
    /** Runner time minus the time the commands themselves took (exec's own durationMs), per step. */
    const dbMsPerStep = async (runId: number, totalMs: number) => {
      const results = await db.auditEntry.findMany({
        where: { targetId: String(runId), action: 'playbook.step.result' },
      });
      const execMs = results.reduce((sum, r) => sum + (JSON.parse(r.payload) as { durationMs: number }).durationMs, 0);
      return (totalMs - execMs) / results.length;
    };

    // 1. Twenty steps on one host; synchronous = FULL (the default), then NORMAL for comparison.
    await timeRun('twenty', ['direct']);
    const full = [];
    for (let i = 0; i < ROUNDS; i++) full.push(await timeRun('twenty', ['direct']));
    const runnerMs = median(full.map((r) => r.ms));
    const dbFull = median(await Promise.all(full.map((r) => dbMsPerStep(r.runId, r.ms))));
    const raw = (globalThis as unknown as { __warroomDb?: { raw?: { pragma(s: string): unknown } } }).__warroomDb?.raw;
    raw?.pragma('synchronous = NORMAL');
    const normal = [];
    for (let i = 0; i < ROUNDS; i++) normal.push(await timeRun('twenty', ['direct']));
    const dbNormal = median(await Promise.all(normal.map((r) => dbMsPerStep(r.runId, r.ms))));
    const runnerNormalMs = median(normal.map((r) => r.ms));
    raw?.pragma('synchronous = FULL');

    const controlMasterMs = await benchControlMaster(sshd);

    // 2. One step, 1 host vs 20 hosts, each behind a 20 ms RTT; warm-up rounds first. Each
    // measured run starts once every host's spare session is ready (the pool at rest, as a
    // responder's next run finds it); the same rounds back to back, where the spares started by
    // one run are still on their way when the next begins, are printed beside.
    const allRtt = Array.from({ length: FANOUT }, (_, i) => `rtt-${i}`);
    const rttTargets = await Promise.all(
      Array.from({ length: FANOUT }, async (_, i) =>
        loadHostTarget((await db.host.findUniqueOrThrow({ where: { name: `rtt-${i}` } })).id),
      ),
    );
    const atRest = async () => {
      const ready = await Promise.all(rttTargets.map((t) => defaultPool().spareReady(t)));
      if (!ready.every(Boolean)) throw new Error('a spare session did not start');
    };
    await timeRun('one', allRtt); // opens the 20 pooled connections
    let coldRatio = NaN;
    for (let i = 0; i < WARMUP; i++) {
      await atRest();
      const oneCold = (await timeRun('one', ['rtt-0'])).ms;
      await atRest();
      const twentyCold = (await timeRun('one', allRtt)).ms;
      if (i === 0) coldRatio = twentyCold / oneCold;
    }
    const fanout = async (settle: boolean) => {
      const one = [];
      const twenty = [];
      for (let i = 0; i < ROUNDS; i++) {
        if (settle) await atRest();
        one.push((await timeRun('one', ['rtt-0'])).ms);
        if (settle) await atRest();
        twenty.push((await timeRun('one', allRtt)).ms);
      }
      return { oneMs: median(one), twentyMs: median(twenty) };
    };
    const { oneMs, twentyMs } = await fanout(true);
    const backToBack = await fanout(false);
    // The same fan-out with bare exec calls through the same proxies: no database, no runner.
    const bare = async (n: number) => {
      await atRest();
      const started = performance.now();
      await Promise.all(rttTargets.slice(0, n).map((t) => exec(t, 'true', { timeoutMs: 10_000 })));
      return performance.now() - started;
    };
    const bareOne = [];
    const bareTwenty = [];
    for (let i = 0; i < ROUNDS; i++) {
      bareOne.push(await bare(1));
      bareTwenty.push(await bare(FANOUT));
    }
    const bareOneMs = median(bareOne);
    const bareTwentyMs = median(bareTwenty);

    // 3. 50 MB to 5 tab streams.
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const { runId, done } = await startRun(
      actor,
      { playbook: 'flood', hosts: ['direct'], params: {} },
      { via: 'bench' },
    );
    const readers = Array.from({ length: BROWSERS }, async () => {
      const controller = new AbortController();
      const response = streamResponse(
        [{ name: `run:${runId}`, busChannel: runChannel(runId, true) }],
        new Request('http://bench/api/stream', { signal: controller.signal }),
      );
      const reader = response.body!.getReader();
      let bytes = 0;
      let last = '';
      void done.then(() => setTimeout(() => controller.abort(), 500));
      for (;;) {
        const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (end || !value) break;
        bytes += value.length;
        last = Buffer.from(value).toString('utf8').slice(-200);
        if (last.includes('run-done')) break;
      }
      await reader.cancel().catch(() => {});
      return bytes;
    });
    const status = await done;
    const floodMs = performance.now() - started;
    const received = await Promise.all(readers);
    delay.disable();
    clearInterval(sampler);
    if (status !== 'succeeded') throw new Error(`flood: ${status}`);
    const maxStallMs = delay.max / 1e6;
    const rssGrowthMb = (rssPeak - rssBefore) / 1024 / 1024;
    const stored = await db.stepResult.findFirstOrThrow({ where: { runId } });

    const rows: [string, string, string][] = [
      [
        `runner: ${STEPS} steps, 1 host (FULL)`,
        `${runnerMs.toFixed(0)} ms`,
        `${(runnerMs / STEPS).toFixed(1)} ms/step, db ${dbFull.toFixed(1)} ms/step`,
      ],
      [
        `runner: ${STEPS} steps, 1 host (NORMAL)`,
        `${runnerNormalMs.toFixed(0)} ms`,
        `db ${dbNormal.toFixed(1)} ms/step (for comparison only)`,
      ],
      [
        `openssh ControlMaster: ${STEPS} commands`,
        `${controlMasterMs.toFixed(0)} ms`,
        'warm master, one ssh process per command',
      ],
      [
        `one step, 1 host, ${2 * ONE_WAY_MS} ms RTT`,
        `${oneMs.toFixed(0)} ms`,
        'whole run incl. database; spare sessions ready (the pool at rest)',
      ],
      [
        `one step, ${FANOUT} hosts, ${2 * ONE_WAY_MS} ms RTT`,
        `${twentyMs.toFixed(0)} ms`,
        `concurrency ${FANOUT}; after ${WARMUP} warm-up rounds (the first round's ratio: ${coldRatio.toFixed(2)})`,
      ],
      [
        `the same, back to back`,
        `${backToBack.oneMs.toFixed(0)} / ${backToBack.twentyMs.toFixed(0)} ms`,
        `1 / ${FANOUT} hosts, each run right after the last (its spares still starting): ratio ${(backToBack.twentyMs / backToBack.oneMs).toFixed(2)}`,
      ],
      [
        `bare exec, 1 / ${FANOUT} hosts, ${2 * ONE_WAY_MS} ms RTT`,
        `${bareOneMs.toFixed(0)} / ${bareTwentyMs.toFixed(0)} ms`,
        `no runner, no database: the emulation's own ratio ${(bareTwentyMs / bareOneMs).toFixed(2)}`,
      ],
      [
        `50 MB to ${BROWSERS} streams`,
        `${floodMs.toFixed(0)} ms`,
        `max stall ${maxStallMs.toFixed(1)} ms, RSS +${rssGrowthMb.toFixed(1)} MB, stored ${stored.outputHead.length + stored.outputTail.length} of ${stored.outputTotal} chars, each stream read ${Math.round((received[0] ?? NaN) / 1024)} KiB`,
      ],
    ];
    console.log(markdownTable(['measurement', 'time', 'notes'], rows, [1]));
    console.log(
      `RESULT ${JSON.stringify({
        ratio_vs_controlmaster: Number((runnerMs / controlMasterMs).toFixed(3)),
        db_ms_per_step: Number(dbFull.toFixed(2)),
        db_ms_per_step_normal: Number(dbNormal.toFixed(2)),
        fanout20_vs_1_rtt20: Number((twentyMs / oneMs).toFixed(3)),
        fanout20_vs_1_bare_exec: Number((bareTwentyMs / bareOneMs).toFixed(3)),
        fanout20_vs_1_back_to_back: Number((backToBack.twentyMs / backToBack.oneMs).toFixed(3)),
        max_stall_ms: Number(maxStallMs.toFixed(1)),
        rss_growth_mb: Number(rssGrowthMb.toFixed(1)),
      })}`,
    );
    await closeAllConnections();
    await closeDb();
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
    await sshd.stop();
  }
}

async function benchControlMaster(sshd: TestHosts): Promise<number> {
  const host = sshd.host(0);
  const knownHosts = await writeKnownHosts(sshd);
  const args = openSshArgs(sshd, host, knownHosts, [
    'ControlMaster=auto',
    `ControlPath=${join(sshd.dir, 'pb-cm-%C')}`,
    'ControlPersist=120',
  ]);
  try {
    await run('ssh', [...args, 'true']);
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      for (let i = 0; i < STEPS; i++) await run('ssh', [...args, 'true']);
      rounds.push(performance.now() - started);
    }
    return median(rounds);
  } finally {
    await run('ssh', [...args.slice(0, -1), '-O', 'exit', args.at(-1)!]).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
