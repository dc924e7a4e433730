import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { liveProcessesMatching } from '../../support/sshd';
import { approveDryRun } from '../../support/approvals';
import { SLEEPER, startRunnerHost, waitUntil, type RunnerHost } from '../../support/runner-host';
import { defined } from '../../support/defined';
import { watchWhatLeaves } from '../../support/ssh-wire';

const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { cliActor } = await import('@/lib/audit/actor');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { ConnectionPool } = await import('@/lib/ssh/connection-pool');
const { exec } = await import('@/lib/ssh/exec');
const { startRun, cancelRun } = await import('@/lib/playbooks/runs');
const { dryRunPlaybook } = await import('@/lib/playbooks/dry-run-playbook');
const { createRun } = await import('@/lib/playbooks/run-records');
const { executeRun } = await import('@/lib/playbooks/runner');
const { findPlaybook } = await import('@/lib/playbooks/saved-playbooks');
const { HEARTBEAT_MS } = await import('@/lib/playbooks/lease');

let host: RunnerHost;
const pool = new ConnectionPool();
const actor = cliActor();
const HTTP_PORT = 40_000 + (process.pid % 10_000);

const SHORT = SLEEPER.replace('name: sleeper', 'name: short-timeout').replace('timeout: 10m', 'timeout: 2s');
const CHATTY = `name: chatty
description: Prints a lot, with progress lines.
destructive: false
steps:
  - id: progress
    name: Progress
    kind: run
    run: for i in 1 2 3; do printf '\\r%s%%' "$i"; done; printf '\\n\\033[31mred\\033[0m\\n'
  - id: flood
    name: Flood
    kind: run
    timeout: 5m
    run: head -c 50000000 /dev/zero | tr '\\0' 'x'; echo; echo the-end
`;
const SLOW_LINES = `name: slow-lines
description: A line every half second.
destructive: false
steps:
  - id: lines
    name: Lines
    kind: run
    run: for i in 1 2 3 4 5 6 7 8; do echo "line $i"; sleep 0.4; done
`;

const FAILS_MIDWAY = `name: fails-midway
description: The second step fails; the third must never run.
destructive: false
steps:
  - id: first
    name: First
    kind: run
    run: 'true'
  - id: fails
    name: Fails
    kind: run
    run: exit 3
  - id: touch
    name: Touch
    kind: run
    run: touch /tmp/warroom-withdrawn-${process.pid}
`;

/** The sleeper, then a step that must not run once the sleep is cancelled. */
const SLEEP_THEN_TOUCH = `${SLEEPER.replace('name: sleeper', 'name: sleep-then-touch')}  - id: touch
    name: Touch
    kind: run
    run: touch /tmp/warroom-after-cancel-${process.pid}
`;

const TWENTY = `name: twenty
description: Twenty quick steps.
destructive: false
steps:
${Array.from({ length: 20 }, (_, i) => `  - id: s${i}\n    name: Step ${i}\n    kind: run\n    run: echo ${i}\n`).join('')}`;

beforeAll(async () => {
  host = await startRunnerHost({
    supervisorPort: HTTP_PORT,
    playbooks: [SLEEPER, SHORT, CHATTY, SLOW_LINES, TWENTY, FAILS_MIDWAY, SLEEP_THEN_TOUCH],
  });
});

afterAll(async () => {
  await pool.closeAll();
  await host?.stop();
  await closeDb();
});

async function steps(runId: number) {
  return db.stepResult.findMany({ where: { runId }, orderBy: [{ startedAt: 'asc' }, { stepIndex: 'asc' }] });
}

describe('the runner, supervisor variants for real', () => {
  it('runs service-health against the supervisor-managed service: every step recorded and audited', async () => {
    const { runId, done } = await startRun(actor, {
      playbook: 'service-health',
      hosts: ['web-1'],
      params: { services: `web=${HTTP_PORT}` },
    });
    const status = await done;
    const rows = await steps(runId);
    if (status !== 'succeeded') console.log(JSON.stringify(rows, null, 1));
    expect(status).toBe('succeeded');
    expect(rows.map((r) => [r.stepId, r.status])).toEqual([
      ['units-active', 'succeeded'],
      ['ports-listening', 'succeeded'],
      ['http-status', 'succeeded'],
    ]);
    expect(rows[0]?.outputHead).toMatch(/^web\s+RUNNING/);
    expect(rows[1]?.outputHead).toBe(`${HTTP_PORT}: listening\n`);
    expect(rows[2]?.outputHead).toBe(`${HTTP_PORT}: HTTP 200\n`);
    expect(rows.every((r) => r.pgid && r.fingerprint === host.sshd.host(0).hostKeyPin)).toBe(true);
    const { loadRunView } = await import('@/lib/playbooks/run-queries');
    const shown = (await loadRunView(runId))?.hosts[0]?.steps ?? [];
    expect(shown.length).toBeGreaterThan(0);
    // Each step's intent was committed before its result.
    expect(shown.every((s) => s.intentSeq !== null && s.resultSeq !== null && s.intentSeq < s.resultSeq)).toBe(true);
    const actions = (await db.auditEntry.findMany({ where: { targetId: String(runId) }, orderBy: { seq: 'asc' } })).map(
      (a) => a.action,
    );
    // The second intent is the next step's, committed ahead while the first runs.
    expect(actions.slice(0, 5)).toEqual([
      'playbook.run.request',
      'playbook.run.start',
      'playbook.step.intent',
      'playbook.step.intent',
      'playbook.step.result',
    ]);
    expect(actions.slice(-2)).toEqual(['playbook.host.result', 'playbook.run.finish']);
  });

  it('tails the supervisor log of the program', async () => {
    const { runId, done } = await startRun(actor, { playbook: 'tail-logs', hosts: ['web-1'], params: { unit: 'web' } });
    expect(await done).toBe('succeeded');
    const [row] = await steps(runId);
    expect(row?.outputHead).toContain('== stderr ==');
    expect(row?.outputHead).toMatch(/GET \/ HTTP/);
  });

  it('refuses a destructive playbook without an approval, recording nothing and sending nothing', async () => {
    const before = await db.playbookRun.count();
    await expect(
      startRun(actor, {
        playbook: 'free-port-and-restart',
        hosts: ['web-1'],
        params: { port: String(HTTP_PORT), unit: 'web' },
      }),
    ).rejects.toThrow(/destructive: it needs approval by a second person/);
    expect(await db.playbookRun.count()).toBe(before);
  });

  it('free-port-and-restart (approved) kills the stale holder by PID, starts the program, which answers HTTP', async () => {
    await exec(host.sshd.host(0), 'supervisorctl stop web', { timeoutMs: 20_000 }, pool);
    const py = (port: number) =>
      `nohup python3 -c 'import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1",${port})); s.listen(); time.sleep(600)' >/dev/null 2>&1 </dev/null & echo $!; sleep 0.5`;
    const stale = (await exec(host.sshd.host(0), py(HTTP_PORT), { timeoutMs: 10_000 }, pool)).stdout.trim();
    const bystander = (await exec(host.sshd.host(0), py(HTTP_PORT + 1), { timeoutMs: 10_000 }, pool)).stdout.trim();
    try {
      const cannotStart = await exec(host.sshd.host(0), 'supervisorctl start web', { timeoutMs: 20_000 }, pool);
      expect(cannotStart.stdout + cannotStart.stderr).toMatch(/ERROR|spawn error|abnormal/i);

      // The approvals feature's path: a run stored as approved for exactly this dry run.
      const dry = await dryRunPlaybook(actor, {
        playbook: 'free-port-and-restart',
        hosts: ['web-1'],
        params: { port: String(HTTP_PORT), unit: 'web', grace_seconds: '3' },
      });
      expect(dry.hosts[0]?.observations[0]?.values['holder.pid']).toBe(stale);
      const playbook = await findPlaybook('free-port-and-restart');
      const { id } = await createRun(actor, 'test', {
        dry,
        source: playbook.source,
        incidentId: null,
        timeoutMs: 120_000,
        approvalId: await approveDryRun(dry),
      });
      expect(await executeRun(id, { actor })).toBe('succeeded');

      const rows = await steps(id);
      // A check with `retry` records one row per attempt (the program may still read STARTING on a
      // busy machine): compare each step's last attempt, in order.
      const lastAttempts = rows.filter((r, i) => rows[i + 1]?.stepId !== r.stepId);
      expect(lastAttempts.map((r) => [r.stepId, r.status])).toEqual([
        ['stop-holder', 'succeeded'],
        ['port-free', 'succeeded'],
        ['start-unit', 'succeeded'],
        ['unit-active', 'succeeded'],
        ['port-listening', 'succeeded'],
        ['http-answers', 'succeeded'],
      ]);
      expect(rows[0]?.outputHead).toContain(`TERM ${stale} (python3)`);
      expect(rows.at(-1)!.outputHead).toBe('200\n');
      const alive = await exec(host.sshd.host(0), `ps -o stat= -p ${stale} ${bystander}`, { timeoutMs: 10_000 }, pool);
      const states = alive.stdout
        .trim()
        .split('\n')
        .filter((s) => !s.trim().startsWith('Z'));
      expect(states).toHaveLength(1); // the bystander with the same name, on another port, lives on
      expect(await db.hostLock.count()).toBe(0);
    } finally {
      await exec(host.sshd.host(0), `kill ${stale} ${bystander} 2>/dev/null`, { timeoutMs: 10_000 }, pool);
    }
  });
});

describe('step boundaries', () => {
  /**
   * Runs `twenty`, reading the file from another connection at the moment ssh2 sends each exec
   * request: what that connection sees is committed (and, with synchronous = FULL, on disk).
   * `commitDelayMs` makes every transaction start that much later, as on a slow disk, so steps
   * end before the intents ahead of them are committed and the runner must wait for them.
   */
  async function runTwentyWatchingSends(commitDelayMs: number) {
    const dry = await dryRunPlaybook(actor, { playbook: 'twenty', hosts: ['web-1'], params: {} });
    const playbook = await findPlaybook('twenty');
    const { id } = await createRun(actor, 'test', {
      dry,
      source: playbook.source,
      incidentId: null,
      timeoutMs: 60_000,
    });
    const reader = new Database(dbPath, { readonly: true });
    const committedIntent = reader.prepare(
      `SELECT "seq" FROM "AuditEntry" WHERE "action" = 'playbook.step.intent' AND "targetId" = ? AND json_extract("payload", '$.step') = ?`,
    );
    const sends: { step: string; committed: boolean }[] = [];
    // In an exec request, or on a spare session's stdin: whichever way each command leaves.
    const stopWatching = watchWhatLeaves(({ text }) => {
      const step = /echo (\d+)/.exec(text)?.[1];
      if (step !== undefined)
        sends.push({ step: `s${step}`, committed: Boolean(committedIntent.get(String(id), `s${step}`)) });
    });
    const client = (
      globalThis as unknown as { __warroomDb: { client: { $transaction: (...a: unknown[]) => unknown } } }
    ).__warroomDb.client;
    const realTransaction = client.$transaction.bind(client);
    const transactions = vi.spyOn(client, '$transaction').mockImplementation(async (...args: unknown[]) => {
      if (commitDelayMs) await new Promise((resolve) => setTimeout(resolve, commitDelayMs));
      return realTransaction(...args);
    });
    const started = Date.now();
    try {
      expect(await executeRun(id, { actor })).toBe('succeeded');
    } finally {
      transactions.mockRestore();
      stopWatching();
      reader.close();
    }
    return { id, sends, transactions: transactions.mock.calls.length, ms: Date.now() - started };
  }

  it('each command leaves only once its intent is committed; the next intent commits while the step runs', async () => {
    const { id, sends, transactions, ms } = await runTwentyWatchingSends(0);
    expect(sends).toEqual(Array.from({ length: 20 }, (_, i) => ({ step: `s${i}`, committed: true })));
    // claim, step 0's intent, step 1's intent ahead, 19 boundaries (a result, the row of the step
    // that started, the intent after it), the host's and the run's end; a lease renewal
    // (bookkeeping) per heartbeat if the machine is slow enough for one.
    expect(transactions).toBeLessThanOrEqual(23 + Math.floor(ms / HEARTBEAT_MS));
    const rows = await steps(id);
    expect(rows.map((r) => r.outputHead)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`));
    const audit = await db.auditEntry.findMany({ where: { targetId: String(id) }, orderBy: { seq: 'asc' } });
    const entry = (action: string, step: string) =>
      defined(
        audit.find((a) => a.action === action && (JSON.parse(a.payload) as { step?: string }).step === step),
        `${action} of ${step}`,
      );
    for (let k = 0; k < 20; k++) {
      const intent = entry('playbook.step.intent', `s${k}`);
      expect(intent.seq).toBeLessThan(entry('playbook.step.result', `s${k}`).seq);
      // The row names its intent; every intent after the first names the step it follows.
      expect(rows[k]!.intentSeq).toBe(intent.seq);
      expect((JSON.parse(intent.payload) as { after?: string }).after).toBe(k === 0 ? undefined : `s${k - 1}`);
    }
    expect(audit.filter((a) => a.action === 'playbook.step.withdraw')).toEqual([]);
    expect(audit.at(-1)?.action).toBe('playbook.run.finish');
  });

  it('when commits are slower than the steps, each command still waits for its intent', async () => {
    const { sends } = await runTwentyWatchingSends(40);
    expect(sends).toEqual(Array.from({ length: 20 }, (_, i) => ({ step: `s${i}`, committed: true })));
  });

  it('a step that fails: the intent committed ahead is withdrawn, on record, and its command never runs', async () => {
    const marker = `/tmp/warroom-withdrawn-${process.pid}`;
    rmSync(marker, { force: true });
    const { runId, done } = await startRun(
      actor,
      { playbook: 'fails-midway', hosts: ['web-1'], params: {} },
      { via: 'test' },
    );
    expect(await done).toBe('failed');
    expect(existsSync(marker)).toBe(false);
    const rows = await steps(runId);
    expect(rows.map((r) => [r.stepId, r.status])).toEqual([
      ['first', 'succeeded'],
      ['fails', 'failed'],
    ]);
    const audit = await db.auditEntry.findMany({ where: { targetId: String(runId) }, orderBy: { seq: 'asc' } });
    const of = (action: string, step?: string) =>
      defined(
        audit.find(
          (a) =>
            a.action === action && (step === undefined || (JSON.parse(a.payload) as { step?: string }).step === step),
        ),
        `${action} ${step ?? ''}`,
      );
    const ahead = of('playbook.step.intent', 'touch');
    expect(JSON.parse(ahead.payload)).toMatchObject({ after: 'fails', command: `touch ${marker}` });
    const withdrawn = of('playbook.step.withdraw', 'touch');
    expect(JSON.parse(withdrawn.payload)).toEqual({
      step: 'touch',
      host: 'web-1',
      attempt: 1,
      intentSeq: ahead.seq,
      reason: 'step fails failed',
    });
    // In order: the failure, the withdrawal, the host's result, the run's end.
    expect(of('playbook.step.result', 'fails').seq).toBeLessThan(withdrawn.seq);
    expect(withdrawn.seq).toBeLessThan(of('playbook.host.result').seq);
    expect(of('playbook.host.result').seq).toBeLessThan(of('playbook.run.finish').seq);
  });
});

describe('stopping runs', () => {
  it('cancel stops the remote process group: nothing left running, the kill outcome recorded', async () => {
    const { runId, done } = await startRun(actor, {
      playbook: 'sleeper',
      hosts: ['web-1'],
      params: { seconds: '3600' },
    });
    await waitUntil('the PGID', async () => (await steps(runId))[0]?.pgid);
    expect(await liveProcessesMatching('sleep 3600')).not.toEqual([]);
    await cancelRun(actor, runId);
    expect(await done).toBe('cancelled');
    const [row] = await steps(runId);
    expect(row).toMatchObject({ status: 'cancelled', killOutcome: 'exited-after-term', outputHead: 'sleeping\n' });
    expect(await liveProcessesMatching('sleep 3600')).toEqual([]);
  });

  it('cancel of a step with an intent ahead: the next step is withdrawn, on record, and never runs', async () => {
    const marker = `/tmp/warroom-after-cancel-${process.pid}`;
    rmSync(marker, { force: true });
    const { runId, done } = await startRun(actor, {
      playbook: 'sleep-then-touch',
      hosts: ['web-1'],
      params: { seconds: '3601' },
    });
    await waitUntil('the PGID', async () => (await steps(runId))[0]?.pgid);
    await cancelRun(actor, runId);
    expect(await done).toBe('cancelled');
    expect(existsSync(marker)).toBe(false);
    expect((await steps(runId)).map((r) => [r.stepId, r.status])).toEqual([['sleep', 'cancelled']]);
    const audit = await db.auditEntry.findMany({ where: { targetId: String(runId) }, orderBy: { seq: 'asc' } });
    const withdrawn = defined(
      audit.find((a) => a.action === 'playbook.step.withdraw'),
      'the withdrawal of the step after the cancelled one',
    );
    expect(JSON.parse(withdrawn.payload)).toMatchObject({ step: 'touch', reason: 'step sleep cancelled' });
    expect(audit.findIndex((a) => a.action === 'playbook.step.withdraw')).toBeLessThan(
      audit.findIndex((a) => a.action === 'playbook.run.finish'),
    );
    expect(await liveProcessesMatching('sleep 3601')).toEqual([]);
  });

  it('a step timeout kills the group the same way', async () => {
    const { runId, done } = await startRun(actor, {
      playbook: 'short-timeout',
      hosts: ['web-1'],
      params: { seconds: '3601' },
    });
    expect(await done).toBe('failed');
    const [row] = await steps(runId);
    expect(row).toMatchObject({ status: 'timed_out', killOutcome: 'exited-after-term' });
    expect(await liveProcessesMatching('sleep 3601')).toEqual([]);
    const host = await db.auditEntry.findFirst({ where: { targetId: String(runId), action: 'playbook.host.result' } });
    expect(JSON.parse(host!.payload)).toMatchObject({ status: 'timed_out', failedStep: 'sleep' });
  });

  it('a host that is down: its first step is recorded unreachable, and nothing is guessed ahead of it', async () => {
    await host.sshd.kill(0);
    try {
      const { runId, done } = await startRun(actor, { playbook: 'fails-midway', hosts: ['web-1'], params: {} });
      expect(await done).toBe('failed');
      expect((await steps(runId)).map((r) => [r.stepId, r.status])).toEqual([['first', 'host_unreachable']]);
      const actions = (
        await db.auditEntry.findMany({ where: { targetId: String(runId) }, orderBy: { seq: 'asc' } })
      ).map((a) => a.action);
      expect(actions.filter((a) => a === 'playbook.step.intent')).toHaveLength(1);
      expect(actions).not.toContain('playbook.step.withdraw');
    } finally {
      await host.sshd.start(0);
    }
  });

  it('sshd killed mid-step: the host is unreachable, the run ends', async () => {
    const { runId, done } = await startRun(actor, {
      playbook: 'sleeper',
      hosts: ['web-1'],
      params: { seconds: '3603' },
    });
    await waitUntil('the PGID', async () => (await steps(runId))[0]?.pgid);
    await host.sshd.kill(0);
    try {
      expect(await done).toBe('failed');
      const [row] = await steps(runId);
      expect(row?.status).toBe('disconnected');
      const host = await db.auditEntry.findFirst({
        where: { targetId: String(runId), action: 'playbook.host.result' },
      });
      expect(JSON.parse(host!.payload)).toMatchObject({ status: 'unreachable' });
    } finally {
      await host.sshd.start(0);
    }
    expect(await liveProcessesMatching('sleep 3603')).toEqual([]);
  });
});

describe('output', () => {
  it('stores 50 MB of output capped (head and tail, the cut counted), masked, with progress lines intact', async () => {
    const { runId, done } = await startRun(actor, { playbook: 'chatty', hosts: ['web-1'], params: {} });
    expect(await done).toBe('succeeded');
    const [progress, floodStep] = await steps(runId);
    const flood = defined(floodStep, 'the flooding step');
    expect(progress?.outputHead).toBe('\r1%\r2%\r3%\n\u001b[31mred\u001b[0m\n');
    expect(flood.outputTotal).toBe(50_000_000 + '\nthe-end\n'.length);
    expect(flood.outputHead.length + flood.outputTail.length).toBe(128 * 1024);
    expect(flood.outputCut).toBe(flood.outputTotal - 128 * 1024);
    expect(flood.outputTail.endsWith('x\nthe-end\n')).toBe(true);
  });

  it('is on disk while the step still runs, so a reload sees the output so far', async () => {
    const { runId, done } = await startRun(actor, { playbook: 'slow-lines', hosts: ['web-1'], params: {} });
    const soFar = await waitUntil('the first lines on disk', async () => {
      const [row] = await steps(runId);
      return row?.status === 'running' && row.outputHead.includes('line 2') ? row.outputHead : null;
    });
    expect(soFar.startsWith('line 1\nline 2\n')).toBe(true);
    expect(await done).toBe('succeeded');
    expect((await steps(runId))[0]?.outputHead).toBe([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `line ${i}\n`).join(''));
  });
});

describe('one destructive run per host', () => {
  it('refuses a second destructive run on a host while the first holds its lock', async () => {
    const dry = await dryRunPlaybook(actor, {
      playbook: 'free-port-and-restart',
      hosts: ['web-1'],
      params: { port: '1', unit: 'web' },
    });
    const playbook = await findPlaybook('free-port-and-restart');
    const first = await createRun(actor, 'test', {
      dry,
      source: playbook.source,
      incidentId: null,
      timeoutMs: 60_000,
      approvalId: await approveDryRun(dry),
    });
    const { claimRun, recordRunDone } = await import('@/lib/playbooks/run-records');
    await claimRun(actor, first.id, 'test-owner');
    await expect(
      createRun(actor, 'test', {
        dry,
        source: playbook.source,
        incidentId: null,
        timeoutMs: 60_000,
        approvalId: await approveDryRun(dry),
      }),
    ).rejects.toThrow(new RegExp(`host busy: web-1 is running run #${first.id} by cli:\\S+ since \\d\\d:\\d\\d UTC`));
    await recordRunDone(
      actor,
      { id: first.id, incidentId: null, playbookName: 'free-port-and-restart' },
      'cancelled',
      null,
    );
    expect(await db.hostLock.count()).toBe(0);
  });

  it('keeps the audit chain intact through all of it', async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
