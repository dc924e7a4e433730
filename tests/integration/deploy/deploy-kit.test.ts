import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

/**
 * deploy/ is checked by the tools that will read it: systemd-analyze for
 * the unit, promtool for the alert rules (syntax and behaviour), the scrape
 * config and every expression on the Grafana dashboard.
 */
const ROOT = path.join(__dirname, '..', '..', '..');
const DEPLOY = path.join(ROOT, 'deploy');

function run(cmd: string, args: string[], input?: string) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, cwd: DEPLOY });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const [, key, value] = /^([A-Za-z]+)=(.*)$/.exec(line.trim()) ?? [];
    if (key !== undefined && value !== undefined) settings.set(key, [...(settings.get(key) ?? []), value]);
  }
  return settings;
}

describe('the systemd unit', () => {
  const file = path.join(DEPLOY, 'systemd', 'warroom.service');
  const text = fs.readFileSync(file, 'utf8');
  const s = unitSettings(text);

  it('passes systemd-analyze verify without a single warning', () => {
    const r = run('systemd-analyze', ['verify', '--man=no', file]);
    expect(r.out.trim()).toBe('');
    expect(r.code).toBe(0);
  });

  it('stops the way the fixture wished: SIGTERM to the server, 30 s, then systemd kills its own tree', () => {
    expect(s.get('KillMode')).toEqual(['mixed']);
    expect(s.get('TimeoutStopSec')).toEqual(['30']);
    expect(s.get('Restart')).toEqual(['on-failure']);
    expect(Number(s.get('StartLimitBurst')?.[0])).toBeGreaterThan(0);
    expect(Number(s.get('StartLimitIntervalSec')?.[0])).toBeGreaterThan(0);
    expect(s.get('ExecStart')?.[0]).toMatch(/^\/usr\/bin\/node (--[a-z-]+=\d+ )*\S+\/dist\/start\.js$/);
    expect(s.has('ExecStop')).toBe(false);
  });

  it('runs as its own user with its state, secrets and hardening in place', () => {
    expect(s.get('User')).toEqual(['warroom']);
    // The data, and beside it (never in it) the config directory lib/env.ts derives: the signed audit
    // head and a rotated key waiting for warroom.env must be writable under ProtectSystem=strict.
    expect(s.get('StateDirectory')).toEqual(['warroom warroom-config']);
    expect(s.get('CacheDirectory')).toEqual(['warroom']);
    expect(s.get('EnvironmentFile')?.[0]).toMatch(/^\/etc\/warroom\//);
    expect(s.get('Environment')).toContain('WARROOM_DATA_DIR=/var/lib/warroom');
    expect(s.get('Environment')).toContain('XDG_CACHE_HOME=/var/cache/warroom');
    expect(s.get('Environment')).toContain('WARROOM_REQUIRE_ENV_SECRETS=1');
    for (const [k, v] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['PrivateTmp', 'yes'],
      ['ProtectHome', 'yes'],
    ] as const)
      expect(s.get(k), k).toEqual([v]);
    expect(s.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('kills nothing by name anywhere in deploy/', () => {
    const files = fs.readdirSync(DEPLOY, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    for (const f of files) {
      const body = fs.readFileSync(path.join(f.parentPath, f.name), 'utf8');
      expect(body, f.name).not.toMatch(/\bp?kill(all)?\s+-f\b|\bpkill\b|\bkillall\b|fuser\s+-k/);
    }
  });
});

describe('the Prometheus rules and scrape config', () => {
  it('pass promtool check rules', () => {
    const r = run('promtool', ['check', 'rules', 'prometheus/warroom-rules.yml']);
    expect(r.out).toContain('SUCCESS: 8 rules found');
    expect(r.code).toBe(0);
  });

  it('fire on the series warroom exports, and only then (promtool test rules)', () => {
    const r = run('promtool', ['test', 'rules', 'prometheus/warroom-rules.test.yml']);
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('cover the fixture four alerts and warroom own', () => {
    const rules = YAML.parse(fs.readFileSync(path.join(DEPLOY, 'prometheus', 'warroom-rules.yml'), 'utf8'));
    const names = rules.groups.flatMap((g: { rules: { alert: string }[] }) => g.rules.map((r) => r.alert));
    expect(names).toEqual(
      expect.arrayContaining([
        'WarroomDown',
        'WarroomHighErrorRate',
        'WarroomSlowResponses',
        'WarroomDatabaseErrors',
        'WarroomCannotSave',
        'WarroomAuditChainBroken',
        'WarroomRunsInterrupted',
        'WarroomWebhookDeliveriesFailing',
      ]),
    );
  });

  it('ships a scrape config promtool accepts, with the bearer token', () => {
    const r = run('promtool', ['check', 'config', '--syntax-only', 'prometheus/scrape-config.yml']);
    expect(r.code, r.out).toBe(0);
    const cfg = YAML.parse(fs.readFileSync(path.join(DEPLOY, 'prometheus', 'scrape-config.yml'), 'utf8'));
    expect(cfg.scrape_configs[0]).toMatchObject({ metrics_path: '/api/metrics', authorization: { type: 'Bearer' } });
  });
});

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(fs.readFileSync(path.join(DEPLOY, 'grafana', 'warroom-dashboard.json'), 'utf8'));
  const exprs: { panel: string; expr: string }[] = dashboard.panels.flatMap(
    (p: { title: string; targets: { expr: string }[] }) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })),
  );

  it('has every expression accepted by promtool (wrapped as recording rules)', () => {
    expect(exprs.length).toBeGreaterThan(15);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-dash-'));
    const file = path.join(dir, 'dashboard-rules.yml');
    const rules = exprs.map((e, i) => ({
      record: `warroom_dashboard:panel_${i}`,
      // Grafana fills $__rate_interval in; promtool needs a real duration.
      expr: e.expr.replaceAll('$__rate_interval', '5m'),
    }));
    fs.writeFileSync(file, YAML.stringify({ groups: [{ name: 'dashboard', rules }] }));
    const r = run('promtool', ['check', 'rules', file]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.out).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(r.code).toBe(0);
  });

  it('charts the named series', () => {
    const all = exprs.map((e) => e.expr).join('\n');
    for (const name of [
      'warroom_http_request_duration_seconds_bucket',
      'warroom_sign_ins_total',
      'warroom_sse_connections',
      'warroom_checklist_ticks_total',
      'warroom_status_updates_published_total',
      'warroom_cadences_missed_total',
      'warroom_ssh_connection_errors_total',
      'warroom_ssh_command_starts_total',
      'warroom_ssh_spare_sessions_lost_total',
      'warroom_database_errors_total',
      'warroom_database_busy_total',
      'warroom_webhook_deliveries_total',
      'warroom_playbook_runs_total',
      'process_resident_memory_bytes',
    ])
      expect(all, name).toContain(name);
  });
});
