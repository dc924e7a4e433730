import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTILE } from '@/tests/support/hostile-values';
import { loadBuiltins } from './builtins';
import { SERVICE_MANAGERS, type ServiceManagerName } from './definition';
import { buildDryRun, type DryRun } from './dry-run';
import { formatDryRun } from './format-dry-run';
import { validateParams } from './params';
import type { CandidateHost } from './targets';
import { defined } from '@/tests/support/defined';

const GOLDEN_DIR = path.join(process.cwd(), 'lib/playbooks/golden');

/** Parameters a responder would type for the fixture's TMS frontend. */
const SAMPLE_PARAMS: Record<string, Record<string, string>> = {
  'free-port-and-restart': { unit: 'next-frontend' },
  'service-health': { services: 'next-frontend=3000,sso-api=4000' },
  deploy: { app_dir: '/srv/tms', unit: 'next-frontend' },
  rollback: { app_dir: '/srv/tms', ref: 'a3f9c2e', unit: 'next-frontend' },
  'tail-logs': { unit: 'next-frontend' },
};

/** What the holder observation prints on the fixture's host: the stale next-server. */
const HOLDER_OUTPUT = [
  'state=held',
  'pid=2847156',
  'start_ticks=98765432',
  'started_at=Mon Jan 12 05:12:40 2026',
  'comm=next-server (v1',
  'command=next-server (v15.5.2) ',
  'user=tms',
].join('\n');

function host(manager: ServiceManagerName): CandidateHost {
  return {
    id: `host-${manager}`,
    name: `tms-web-1-${manager}`,
    tags: ['frontend'],
    serviceManager: manager,
    hostKeyPin: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
    passwordlessSudo: true,
  };
}

async function sampleDryRun(
  name: string,
  manager: ServiceManagerName,
  raw = defined(SAMPLE_PARAMS[name], `sample params of ${name}`),
): Promise<DryRun> {
  const playbook = loadBuiltins().get(name)!;
  const params = validateParams(playbook.definition, raw);
  if (!params.ok) throw new Error(JSON.stringify(params.errors));
  return buildDryRun({
    definition: playbook.definition,
    hash: playbook.hash,
    hosts: [host(manager)],
    params: params.params,
    observe: async () => ({ ok: true, stdout: HOLDER_OUTPUT }),
  });
}

function shSyntaxError(command: string): string | null {
  const run = spawnSync('sh', ['-n', '-c', command], { encoding: 'utf8' });
  return run.status === 0 ? null : run.stderr;
}

describe('built-in playbooks', () => {
  const builtins = loadBuiltins();

  it('are the five the fixture needs, and each lints', () => {
    expect([...builtins.keys()].sort()).toEqual([
      'deploy',
      'free-port-and-restart',
      'rollback',
      'service-health',
      'tail-logs',
    ]);
    expect([...builtins.values()].filter((p) => p.definition.destructive).map((p) => p.definition.name)).toEqual([
      'deploy',
      'free-port-and-restart',
      'rollback',
    ]);
  });

  describe.each(SERVICE_MANAGERS)('rendered for %s', (manager) => {
    it.each(Object.keys(SAMPLE_PARAMS))(
      '%s matches its golden file and every command parses with sh -n',
      async (name) => {
        const dry = await sampleDryRun(name, manager);
        expect(dry.ok).toBe(true);
        const commands = dry.hosts.flatMap((h) => [
          ...h.observations.map((o) => o.command),
          ...h.steps.flatMap((s) => (s.command ? [s.command] : [])),
        ]);
        expect(commands.length).toBeGreaterThan(0);
        for (const command of commands) expect(shSyntaxError(command), command).toBeNull();

        // The hash and digest lines change with every edit of the YAML; the commands are what is pinned here.
        const text = formatDryRun(dry)
          .split('\n')
          .filter((line) => !line.startsWith('playbook: ') && !line.startsWith('digest: '))
          .join('\n');
        const file = path.join(GOLDEN_DIR, `${name}.${manager}.txt`);
        if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
        expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
        expect(text).toBe(readFileSync(file, 'utf8'));
      },
    );
  });

  it('free-port-and-restart TERMs exactly the observed PID, re-checking its start time and command', async () => {
    const dry = await sampleDryRun('free-port-and-restart', 'systemd');
    const stop = defined(
      dry.hosts[0]?.steps.find((s) => s.id === 'stop-holder'),
      'the stop-holder step',
    );
    expect(stop.command).toContain("pid='2847156'");
    expect(stop.command).toContain("ticks='98765432'");
    expect(stop.command).toContain("comm='next-server (v1'");
    expect(stop.command).not.toMatch(/pkill|killall/);
    expect(dry.hosts[0]?.observations[0]?.command).toContain('ss -ltnpH');
  });

  it('free-port-and-restart skips the kill when the port is free', async () => {
    const playbook = builtins.get('free-port-and-restart')!;
    const params = validateParams(
      playbook.definition,
      defined(SAMPLE_PARAMS['free-port-and-restart'], 'sample params'),
    );
    if (!params.ok) throw new Error('params');
    const dry = await buildDryRun({
      definition: playbook.definition,
      hash: playbook.hash,
      hosts: [host('supervisor')],
      params: params.params,
      observe: async () => ({ ok: true, stdout: 'state=free\n' }),
    });
    expect(dry.hosts[0]?.steps[0]).toMatchObject({ id: 'stop-holder', command: null, skipped: expect.any(String) });
    expect(dry.ok).toBe(true);
  });

  it('renders hostile values as inert words that still parse', async () => {
    for (const value of HOSTILE) {
      const playbook = builtins.get('rollback')!;
      const params = validateParams(playbook.definition, { app_dir: `/srv/${value}`, ref: 'main', unit: 'web' });
      if (!params.ok) {
        expect(Object.keys(params.errors)).toEqual(['app_dir']);
        continue;
      }
      const dry = await sampleDryRun('rollback', 'systemd', { app_dir: `/srv/${value}`, ref: 'main', unit: 'web' });
      for (const step of defined(dry.hosts[0], 'host').steps)
        if (step.command) expect(shSyntaxError(step.command)).toBeNull();
    }
  });
});
