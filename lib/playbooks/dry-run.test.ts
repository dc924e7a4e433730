import { describe, expect, it } from 'vitest';
import { buildDryRun } from './dry-run';
import { parseObservationOutput } from './observations';
import { parsePlaybook } from './parse-playbook';
import { validateParams } from './params';
import { planWaves, resolveTargets, type CandidateHost } from './targets';
import { defined } from '@/tests/support/defined';

const SOURCE = `name: restart-web
description: Restart a unit, with a token for the health endpoint.
destructive: true
params:
  unit: { type: unit }
  token: { type: secret }
targets: { tags: [frontend], concurrency: 2, canary: true }
steps:
  - id: restart
    name: Restart
    kind: run
    sudo: true
    run: systemctl restart -- {{ unit }}
  - id: health
    name: Health
    kind: check
    run: curl -fsS http://127.0.0.1/health; printf '%s' {{ token }} | wc -c
`;

function playbook(source = SOURCE) {
  const parsed = parsePlaybook(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed;
}

const HOSTS: CandidateHost[] = [
  {
    id: 'h1',
    name: 'web-1',
    tags: ['frontend'],
    serviceManager: 'systemd',
    hostKeyPin: 'SHA256:one',
    passwordlessSudo: true,
  },
  {
    id: 'h2',
    name: 'web-2',
    tags: ['frontend'],
    serviceManager: 'systemd',
    hostKeyPin: 'SHA256:two',
    passwordlessSudo: false,
  },
  { id: 'h3', name: 'db-1', tags: ['db'], serviceManager: 'systemd', hostKeyPin: null, passwordlessSudo: true },
];
const host = (i: number): CandidateHost => defined(HOSTS[i], `candidate host ${i}`);

async function dryRun(raw: Record<string, string>, hosts: CandidateHost[], source = SOURCE) {
  const p = playbook(source);
  const params = validateParams(p.definition, raw);
  if (!params.ok) throw new Error(JSON.stringify(params.errors));
  return buildDryRun({
    definition: p.definition,
    hash: p.hash,
    hosts,
    params: params.params,
    observe: async () => ({ ok: true, stdout: '' }),
  });
}

describe('the dry run', () => {
  it('renders a secret as its variable: the value is in no command, no shown param, no digest', async () => {
    const a = await dryRun({ unit: 'web', token: 'hunter2' }, [host(0)]);
    const b = await dryRun({ unit: 'web', token: 'another' }, [host(0)]);
    expect(JSON.stringify(a)).not.toContain('hunter2');
    expect(a.params).toEqual({ unit: 'web', token: '***' });
    expect(a.hosts[0]?.steps[1]?.command).toContain(`printf '%s' "$WARROOM_SECRET_TOKEN"`);
    expect(a.hosts[0]?.steps[1]?.secrets).toEqual(['token']);
    expect(a.digest).toBe(b.digest);
  });

  it('changes its digest with a parameter, a host, a pin or the playbook version', async () => {
    const base = await dryRun({ unit: 'web', token: 't' }, [host(0)]);
    const digests = [
      base.digest,
      (await dryRun({ unit: 'api', token: 't' }, [host(0)])).digest,
      (await dryRun({ unit: 'web', token: 't' }, [host(0), { ...host(1), passwordlessSudo: true }])).digest,
      (await dryRun({ unit: 'web', token: 't' }, [{ ...host(0), hostKeyPin: 'SHA256:other' }])).digest,
      (await dryRun({ unit: 'web', token: 't' }, [host(0)], SOURCE.replace('name: Health', 'name: Healthy'))).digest,
    ];
    expect(new Set(digests).size).toBe(digests.length);
    expect((await dryRun({ unit: 'web', token: 't' }, [host(0)])).digest).toBe(base.digest);
  });

  it('blocks a sudo step on a host without passwordless sudo, naming both', async () => {
    const dry = await dryRun({ unit: 'web', token: 't' }, [host(0), host(1)]);
    expect(dry.ok).toBe(false);
    expect(dry.hosts[0]?.blocked).toEqual([]);
    expect(dry.hosts[1]?.blocked).toEqual([
      'step "Restart" needs sudo, and web-2 has no passwordless sudo set up (sudo -n would fail)',
    ]);
    expect(dry.hosts[0]?.steps[0]?.command).toBe(`sudo -n -- sh -c 'systemctl restart -- '\\''web'\\'''`);
  });

  it('blocks a host without a pinned key', async () => {
    const dry = await dryRun({ unit: 'web', token: 't' }, [host(2)]);
    expect(dry.hosts[0]?.blocked[0]).toMatch(/db-1 has no trusted host key/);
  });
});

describe('validateParams', () => {
  it('refuses undeclared names and missing values, naming each', () => {
    const p = playbook();
    expect(validateParams(p.definition, { unit: 'web', tokn: 'x' })).toEqual({
      ok: false,
      errors: { tokn: 'is not a parameter of this playbook (it takes unit, token)', token: 'is required' },
    });
    expect(validateParams(p.definition, { unit: 'web' }, { requireSecrets: false }).ok).toBe(true);
  });
});

describe('targets', () => {
  const targets = playbook().definition.targets;

  it('takes hosts by name or tag, only among the playbook targets', () => {
    expect(resolveTargets(targets, {}, HOSTS)).toMatchObject({ ok: true, hosts: [host(0), host(1)] });
    expect(resolveTargets(targets, { hosts: ['web-2'] }, HOSTS)).toMatchObject({ ok: true, hosts: [host(1)] });
    expect(resolveTargets(targets, { hosts: ['db-1'] }, HOSTS)).toEqual({
      ok: false,
      message: "db-1 is not among this playbook's targets (tags frontend)",
    });
    expect(resolveTargets(targets, { tags: ['nope'] }, HOSTS)).toEqual({
      ok: false,
      message: 'no host has the tag nope',
    });
    expect(resolveTargets(targets, { hosts: ['ghost'] }, HOSTS)).toEqual({ ok: false, message: 'no host named ghost' });
  });

  it('runs a canary alone first, then at most `concurrency` at a time', () => {
    expect(planWaves([1, 2, 3, 4, 5, 6], { canary: true, concurrency: 2 })).toEqual([[1], [2, 3], [4, 5], [6]]);
    expect(planWaves([1, 2, 3], { canary: false, concurrency: 5 })).toEqual([[1, 2, 3]]);
  });
});

describe('parseObservationOutput', () => {
  const observation = {
    id: 'holder',
    name: 'Holder',
    run: 'x',
    timeout: 1000,
    sudo: false as const,
    outputs: {
      pid: { type: 'pid' as const, optional: true },
      comm: { type: 'text' as const, optional: true, with: 'pid' },
    },
  };

  it('types each value and refuses what a hostile host could print', () => {
    expect(parseObservationOutput(observation, 'pid=42\ncomm=node\n')).toEqual({
      ok: true,
      values: { 'holder.pid': '42', 'holder.comm': 'node' },
    });
    expect(parseObservationOutput(observation, 'pid=42; rm -rf /\n')).toMatchObject({ ok: false });
    expect(parseObservationOutput(observation, 'pid=42\npid=1\ncomm=x\n')).toMatchObject({
      ok: false,
      message: 'holder printed pid twice',
    });
    expect(parseObservationOutput(observation, 'pid=42\n')).toMatchObject({
      ok: false,
      message: 'holder did not report comm',
    });
    expect(parseObservationOutput(observation, 'user=root\n')).toMatchObject({ ok: false });
    expect(parseObservationOutput(observation, '')).toEqual({ ok: true, values: {} });
  });
});
