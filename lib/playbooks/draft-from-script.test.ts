import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '@/lib/rca/parse-plan';
import { defined } from '@/tests/support/defined';
import { draftFromScript, type HolderLookup } from './draft-from-script';
import { parsePlaybook } from './parse-playbook';

const root = path.join(import.meta.dirname, '../..');
const plan = parsePlan(fs.readFileSync(path.join(root, 'fixtures/tms-rca.md'), 'utf8'));
const builtin = parse(fs.readFileSync(path.join(root, 'playbooks/free-port-and-restart.yaml'), 'utf8'));
const holder: HolderLookup = {
  observe: builtin.observe[0],
  step: builtin.steps[0],
  portFree: builtin.steps.find((s: { id: string }) => s.id === 'port-free'),
  params: { grace_seconds: builtin.params.grace_seconds },
};

const fix = (n: number) => plan.fixes.find((f) => f.title.startsWith(`Fix ${n}:`))!;

function draft(script: string, title: string) {
  const d = draftFromScript(script, { title, holder });
  const parsed = parsePlaybook(d.yaml);
  if (!parsed.ok) throw new Error(`draft does not lint: ${JSON.stringify(parsed.problems)}\n${d.yaml}`);
  return { ...d, definition: parsed.definition };
}

describe('draftFromScript on the fixture', () => {
  it('Fix 1: a port param defaulting to 3000, literal PIDs turned into the holder lookup, pkill -f flagged, ssh → host', () => {
    const d = draft(defined(fix(1).scripts[0], 'Fix 1 script').code, fix(1).title);
    expect(d.params.find((p) => p.name === 'port')).toMatchObject({ type: 'port', default: '3000' });
    expect(d.definition.params.port).toMatchObject({ type: 'port', default: 3000 });
    expect(d.params).toContainEqual(expect.objectContaining({ type: 'unit', default: 'tms-frontend' }));
    expect(d.flags.map((f) => f.kind)).toEqual(['kill-literal-pid', 'pkill-by-name']);
    expect(d.flags[1]).toMatchObject({ text: 'pkill -9 -f "next-server"' });
    expect(d.flags[1]?.instead).toMatch(/TERM exactly that PID/);
    expect(d.hosts).toEqual([{ address: '47.80.66.95', user: 'root', line: 2 }]);
    expect(d.definition.targets.hosts).toEqual(['47.80.66.95']);
    expect(d.definition.observe.map((o) => o.id)).toEqual(['holder']);
    expect(d.definition.steps.map((s) => s.id).slice(0, 2)).toEqual(['stop-holder', 'port-free']);
    const all = d.yaml;
    expect(all).not.toMatch(/264587|264588|pkill|ssh -i/);
    expect(d.definition.steps.map((s) => ('run' in s ? s.run : ''))).toContain('systemctl start {{ unit }}');
    expect(d.definition.steps.map((s) => ('run' in s ? s.run : ''))).toContain('curl http://localhost:{{ port }}');
    expect(d.destructive).toBe(true);
  });

  it('Fix 4: units and ports of the health check become parameters, one per literal', () => {
    const d = draft(defined(fix(4).scripts[0], 'Fix 4 script').code, fix(4).title);
    expect(d.params.filter((p) => p.type === 'unit').map((p) => p.default)).toEqual([
      'tms-backend',
      'tms-frontend',
      'nginx',
    ]);
    expect(d.params.filter((p) => p.type === 'port').map((p) => p.default)).toEqual(['8000', '3000', '80']);
    expect(d.definition.steps).toHaveLength(1);
    const [only] = d.definition.steps;
    expect(only && 'run' in only && only.run).toContain('check_service {{ unit }} {{ port }}');
    expect(d.flags).toEqual([]);
  });

  it('Fix 5: pkill and sleep flagged with the safer step, paths and units as parameters', () => {
    const d = draft(defined(fix(5).scripts[0], 'Fix 5 script').code, fix(5).title);
    expect(d.flags.map((f) => f.kind)).toEqual(['pkill-by-name', 'pkill-by-name', 'sleep', 'sleep', 'sleep']);
    expect(d.flags.find((f) => f.kind === 'sleep')!.instead).toMatch(/check step with retry/);
    expect(d.params).toContainEqual(expect.objectContaining({ type: 'path', default: '/home/tmsapp/tms-client' }));
    expect(d.params).toContainEqual(expect.objectContaining({ type: 'path', default: '/home/tmsapp/tms-server' }));
    expect(d.yaml).not.toMatch(/sleep 5|pkill/);
    const runs = d.definition.steps.map((s) => ('run' in s ? s.run : ''));
    expect(runs).toContain('cd {{ path }} && git pull');
    expect(runs).toContain('systemctl stop {{ unit }} {{ unit_2 }}');
  });

  it('rollback: the placeholder commit becomes a required git-ref, rendered before "--"', () => {
    const step = defined(plan.rollback[0], 'first rollback step');
    const d = draft(defined(step.scripts[0], 'rollback script').code, step.title);
    const ref = d.params.find((p) => p.type === 'git-ref')!;
    expect(ref.name).toBe('ref');
    expect(d.definition.params.ref).toEqual(expect.objectContaining({ type: 'git-ref' }));
    expect(d.definition.params.ref).not.toHaveProperty('default');
    const runs = d.definition.steps.map((s) => ('run' in s ? s.run : ''));
    expect(runs).toContain('git reset --hard {{ ref }} --');
    expect(runs).toContain('systemctl restart {{ unit }}');
  });

  it('a literal commit hash becomes a git-ref defaulting to it', () => {
    const d = draft('cd /srv/app\ngit reset --hard 2302a4f\n', 'Roll back');
    expect(d.params).toContainEqual({
      name: 'ref',
      type: 'git-ref',
      default: '2302a4f',
      from: '"git reset --hard 2302a4f"',
    });
  });
});
