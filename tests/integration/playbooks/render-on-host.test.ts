import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '@/lib/playbooks/builtins';
import { buildDryRun, type ObserveFn } from '@/lib/playbooks/dry-run';
import { parsePlaybook } from '@/lib/playbooks/parse-playbook';
import { validateParams } from '@/lib/playbooks/params';
import { renderSteps } from '@/lib/playbooks/render-command';
import type { CandidateHost } from '@/lib/playbooks/targets';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import type { HostTarget } from '@/lib/ssh/types';
import { HOSTILE } from '@/tests/support/hostile-values';
import { startTestHosts, type TestHosts } from '@/tests/support/sshd';
import { defined } from '../../support/defined';

let sshd: TestHosts;
let target: HostTarget;
const pool = new ConnectionPool();
const MARKER = `/tmp/warroom-marker-${process.pid}`;

beforeAll(async () => {
  sshd = await startTestHosts(1);
  target = sshd.host(0);
});

afterAll(async () => {
  await pool.closeAll();
  await sshd?.stop();
});

const candidate = (): CandidateHost => ({
  id: target.id,
  name: target.name,
  tags: [],
  serviceManager: 'supervisor',
  hostKeyPin: target.hostKeyPin ?? null,
  passwordlessSudo: false,
});

const observe: ObserveFn<CandidateHost> = async (_host, command, observation) => {
  const result = await exec(target, command, { timeoutMs: observation.timeout }, pool);
  return result.status === 'succeeded'
    ? { ok: true, stdout: result.stdout }
    : { ok: false, message: result.stderr.trim() || result.message || result.status };
};

const ECHO_PLAYBOOK = `name: echo-values
description: Prints its values back, one per line.
destructive: false
params:
  label: { type: string, pattern: '.+', max_length: 4096 }
  dir: { type: path }
steps:
  - id: echo
    name: Echo
    kind: run
    run: printf '%s\\n' {{ label }} {{ dir }}
`;

describe('a rendered command on a real host', () => {
  it('runs hostile values as inert words: printed back verbatim, the marker never created', async () => {
    const parsed = parsePlaybook(ECHO_PLAYBOOK);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const hostile = [
      ...HOSTILE,
      `$(touch ${MARKER})`,
      `\`touch ${MARKER}\``,
      `;touch ${MARKER}`,
      `'; touch ${MARKER}; '`,
      `" && touch ${MARKER} && "`,
      `|| touch ${MARKER}`,
      `> ${MARKER}`,
    ];
    let ran = 0;
    for (const value of hostile) {
      const params = validateParams(parsed.definition, { label: value, dir: `/srv/${value}` });
      if (!params.ok) {
        // Refused values are refused with a message naming the problem.
        expect(Object.values(params.errors).every((m) => m.length > 5)).toBe(true);
        continue;
      }
      const [step] = renderSteps(parsed.definition, params.params, 'systemd', {});
      const result = await exec(target, defined(step?.command, 'the step command'), { timeoutMs: 10_000 }, pool);
      expect(result.status, value).toBe('succeeded');
      expect(result.stdout).toBe(`${value}\n/srv/${value}\n`);
      ran++;
    }
    expect(ran).toBeGreaterThan(5);
    expect(existsSync(MARKER)).toBe(false);
  });
});

describe('free-port-and-restart against real processes', () => {
  const playbook = loadBuiltins().get('free-port-and-restart')!;

  async function startListener(port: number): Promise<number> {
    const script = `import socket,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(("127.0.0.1",${port}))\ns.listen()\ntime.sleep(600)`;
    const result = await exec(
      target,
      `nohup python3 -c '${script}' >/dev/null 2>&1 </dev/null & echo $!; sleep 0.5`,
      { timeoutMs: 10_000 },
      pool,
    );
    return Number(result.stdout.trim());
  }

  /** Running (a zombie is dead: orphans here are reparented to a PID 1 that may never reap them). */
  async function alive(pid: number): Promise<boolean> {
    const result = await exec(target, `ps -o stat= -p ${pid}`, { timeoutMs: 10_000 }, pool);
    return result.status === 'succeeded' && !result.stdout.trim().startsWith('Z');
  }

  async function dryRun(port: number) {
    const params = validateParams(playbook.definition, { port: String(port), unit: 'web', grace_seconds: '2' });
    if (!params.ok) throw new Error(JSON.stringify(params.errors));
    return buildDryRun({
      definition: playbook.definition,
      hash: playbook.hash,
      hosts: [candidate()],
      params: params.params,
      observe,
    });
  }

  it('observes the holder (PID, command, start time) and TERMs exactly that PID', async () => {
    const port = 20_000 + (process.pid % 20_000);
    const pid = await startListener(port);
    const bystander = await startListener(port + 1);
    try {
      const dry = await dryRun(port);
      expect(dry.hosts[0]?.blocked).toEqual([]);
      const values = defined(dry.hosts[0]?.observations[0]?.values, 'observed values');
      expect(values).toMatchObject({ 'holder.state': 'held', 'holder.pid': String(pid), 'holder.comm': 'python3' });
      expect(values['holder.started_at']).toMatch(/\d\d:\d\d:\d\d/);
      expect(values['holder.command']).toContain('python3 -c');

      const stop = defined(
        dry.hosts[0]?.steps.find((s) => s.id === 'stop-holder'),
        'the stop-holder step',
      );
      const stopped = await exec(target, stop.command!, { timeoutMs: 30_000 }, pool);
      expect(stopped.stdout).toContain(`TERM ${pid} (python3)`);
      expect(stopped.status).toBe('succeeded');
      expect(await alive(pid)).toBe(false);
      expect(await alive(bystander)).toBe(true);

      const free = defined(
        dry.hosts[0]?.steps.find((s) => s.id === 'port-free'),
        'the port-free step',
      );
      expect((await exec(target, free.command!, { timeoutMs: 10_000 }, pool)).stdout).toBe(`port ${port} is free\n`);
    } finally {
      await exec(target, `kill ${pid} ${bystander} 2>/dev/null`, { timeoutMs: 10_000 }, pool);
    }
  });

  it('refuses to kill a PID whose start time no longer matches the dry run (PIDs are reused)', async () => {
    const port = 20_000 + ((process.pid + 7) % 20_000);
    const pid = await startListener(port);
    try {
      const dry = await dryRun(port);
      const observed = Object.assign({}, ...defined(dry.hosts[0], 'host').observations.map((o) => o.values));
      const params = validateParams(playbook.definition, { port: String(port), unit: 'web' });
      if (!params.ok) throw new Error('params');
      const steps = renderSteps(playbook.definition, params.params, 'supervisor', {
        ...observed,
        'holder.start_ticks': '1',
      });
      const result = await exec(
        target,
        defined(steps[0]?.command, 'the first step command'),
        { timeoutMs: 30_000 },
        pool,
      );
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain('no longer the process the dry run showed');
      expect(await alive(pid)).toBe(true);
    } finally {
      await exec(target, `kill ${pid} 2>/dev/null`, { timeoutMs: 10_000 }, pool);
    }
  });

  it('says the port is held by a process it cannot see, never that it is free', async () => {
    // Held by this test process (root): the test user's ss sees the socket but not its owner.
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const dry = await dryRun(port);
      expect(dry.ok).toBe(false);
      expect(dry.hosts[0]?.blocked.join('\n')).toContain(
        `port ${port} held by a process warroom cannot see — enable sudo for this step`,
      );
      expect(dry.hosts[0]?.steps).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports a free port as free and skips the kill', async () => {
    const dry = await dryRun(1);
    expect(dry.hosts[0]?.observations[0]?.values).toEqual({ 'holder.state': 'free' });
    expect(dry.hosts[0]?.steps[0]).toMatchObject({ id: 'stop-holder', command: null });
  });
});
