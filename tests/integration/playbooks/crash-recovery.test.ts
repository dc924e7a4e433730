import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { runCli } from '../../support/cli';
import { liveProcessesMatching } from '../../support/sshd';
import { SLEEPER, startRunnerHost, type RunnerHost } from '../../support/runner-host';

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { reconcileRuns } = await import('@/lib/playbooks/reconcile-runs');
const { LEASE_TTL_MS } = await import('@/lib/playbooks/lease');

let host: RunnerHost;
let incidentId: string;

beforeAll(async () => {
  host = await startRunnerHost({ playbooks: [SLEEPER] });
  const incident = await db.incident.create({
    data: {
      slug: 'tms-frontend-down',
      title: 'TMS frontend down',
      severity: 'SEV1',
      sourceMarkdown: '',
      planJson: '{}',
    },
  });
  incidentId = incident.id;
});

afterAll(async () => {
  await host?.stop();
  await closeDb();
});

const cli = (args: string[], input = '') => runCli(process.env, args, input);

describe('no run is ever left running', () => {
  it('SIGKILL of the process running it: the reconciler interrupts the run, kills its remote group, says so', async () => {
    // The real CLI, as someone would start it, killed the hard way mid-step.
    const child = spawn(
      'node',
      [
        '--conditions=react-server',
        '--import',
        'tsx',
        'bin/warroom.ts',
        'playbook',
        'run',
        'sleeper',
        '--host',
        'web-1',
        '--param',
        'seconds=3604',
        '--incident',
        'tms-frontend-down',
      ],
      { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let step: { runId: number; pgid: number | null } | null = null;
    for (let i = 0; i < 600 && !step?.pgid; i++) {
      step = await db.stepResult.findFirst({ where: { stepId: 'sleep' }, select: { runId: true, pgid: true } });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(step?.pgid).toBeGreaterThan(1);
    expect(await liveProcessesMatching('sleep 3604')).not.toEqual([]);
    child.kill('SIGKILL');
    await exited;

    const runId = step!.runId;
    expect((await db.playbookRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe('running');
    // Nothing is reconciled while the lease still holds …
    expect(await reconcileRuns(new Date())).toEqual([]);
    // … and once it has lapsed (the clock is the reconciler's argument, not a sleep here):
    const reports = await reconcileRuns(new Date(Date.now() + LEASE_TTL_MS + 1_000));
    expect(reports).toEqual([
      { runId, kills: [{ hostName: 'web-1', pgid: step!.pgid, outcome: 'exited-after-term' }] },
    ]);

    expect(await liveProcessesMatching('sleep 3604')).toEqual([]);
    const run = await db.playbookRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe('interrupted');
    const row = await db.stepResult.findFirstOrThrow({ where: { runId } });
    expect(row).toMatchObject({ status: 'interrupted', killOutcome: 'exited-after-term' });
    const timeline = (await db.timelineEvent.findMany({ where: { incidentId }, orderBy: { at: 'asc' } })).map(
      (e) => e.summary,
    );
    expect(
      timeline.some((s) =>
        /system:reconciler: run #\d+ \(sleeper\) interrupted: its runner stopped; no step is re-run/.test(s),
      ),
    ).toBe(true);
    expect(
      timeline.some((s) => s.includes(`process group ${step!.pgid} of run #${runId} on web-1: exited-after-term`)),
    ).toBe(true);
    const audit = await db.auditEntry.findMany({
      where: { targetId: String(runId), action: { startsWith: 'playbook.' } },
    });
    expect(audit.filter((a) => a.action.startsWith('playbook.run.interrupted')).map((a) => a.actorEmail)).toEqual([
      'system:reconciler',
    ]);

    // Reconciling again finds nothing: a step is never re-run, a run never re-interrupted.
    expect(await reconcileRuns(new Date(Date.now() + 10 * LEASE_TTL_MS))).toEqual([]);
    const shown = cli(['runs', 'show', String(runId), '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'interrupted', hosts: [{ name: 'web-1' }] });
  });
});

describe('warroom playbook run', () => {
  it('streams the output and exits with the run’s result', () => {
    const ok = cli(['playbook', 'run', 'sleeper', '--host', 'web-1', '--param', 'seconds=1']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('sleeping\n');
    expect(ok.stderr).toMatch(/run #\d+ sleeper: succeeded/);
  });

  it('refuses a destructive playbook, naming approval; nothing runs', async () => {
    const before = await db.playbookRun.count();
    const r = cli(['playbook', 'run', 'free-port-and-restart', '--host', 'web-1', '--param', 'unit=web']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/destructive: it needs approval by a second person .*\(forbidden:needs-approval\)/);
    expect(await db.playbookRun.count()).toBe(before);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
