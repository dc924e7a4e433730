import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempCliEnv } from '../../support/cli';

const { dir, dbPath, env, cleanup } = tempCliEnv('warroom-import-', { PORT: '3999' });
const fixture = path.join(process.cwd(), 'fixtures', 'tms-rca.md');
const cli = (args: string[]) => runCli(env, args);

function count(table: string): number {
  if (!fs.existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

afterAll(cleanup);

describe('warroom import', () => {
  it('--dry-run --json prints the plan with the fixture counts and writes nothing', () => {
    const r = cli(['import', fixture, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(Object.keys(plan)).toEqual(
      expect.arrayContaining([
        'title',
        'date',
        'severity',
        'impact',
        'summary',
        'findings',
        'fixes',
        'checklists',
        'cadences',
        'rollback',
        'timeline',
        'notes',
        'warnings',
      ]),
    );
    expect(plan.findings.map((f: { severity: string }) => f.severity)).toEqual(['CRITICAL', 'CRITICAL', 'HIGH']);
    expect(plan.fixes.map((f: { phase: string }) => f.phase)).toEqual([
      'immediate',
      'immediate',
      'medium',
      'medium',
      'medium',
      'long',
      'long',
      'long',
    ]);
    const groups = Object.fromEntries(
      plan.checklists.map((c: { kind: string; groups: { items: unknown[] }[] }) => [
        c.kind,
        c.groups.map((g) => g.items.length),
      ]),
    );
    expect(groups).toEqual({
      deployment: [4, 10, 5, 6],
      testing: [3, 4, 7],
      success: [6, 4, 5],
      communication: [3, 4],
    });
    expect(plan.cadences).toEqual([{ text: 'Status update every 15 minutes', everyMinutes: 15 }]);
    expect(plan.rollback).toHaveLength(3);
    expect(plan.timeline).toHaveLength(3);
    expect(fs.existsSync(dbPath)).toBe(false);
  });

  it('creates the incident and prints its URL', () => {
    const r = cli(['import', fixture]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('http://localhost:3999/incidents/tms-critical-issues-root-cause-analysis-fix-plan');
    expect(count('Incident')).toBe(1);
    expect(count('ChecklistItem')).toBe(61);
    expect(count('Finding')).toBe(3);
    expect(count('Fix')).toBe(8);
    expect(count('Cadence')).toBe(1);
    const again = cli(['import', fixture]);
    expect(again.stdout.trim()).toMatch(/fix-plan-2$/);
    expect(cli(['audit', 'verify']).stdout).toMatch(/audit chain ok: 2 entries/);
  });

  it('refuses bad files with the reason, storing nothing', () => {
    const before = [count('Incident'), count('ChecklistItem'), count('AuditEntry')];
    const big = path.join(dir, 'big.md');
    fs.writeFileSync(big, '# Big\n' + 'x'.repeat(5 * 1024 * 1024));
    const bin = path.join(dir, 'bin.md');
    fs.writeFileSync(bin, Buffer.from([0, 1, 2, 0xff, 0xfe, 0]));
    const empty = path.join(dir, 'empty.md');
    fs.writeFileSync(empty, '');
    const fence = path.join(dir, 'fence.md');
    fs.writeFileSync(fence, '# Plan\n\n## Fix 1\n\n```bash\nkill -9 1\n');
    const cases: [string, RegExp][] = [
      [big, /5\.0 MiB; the limit is 1 MiB/],
      [bin, /binary/i],
      [empty, /empty/i],
      [fence, /Line 5/],
      [path.join(dir, 'missing.md'), /cannot read/],
    ];
    for (const [file, reason] of cases) {
      const r = cli(['import', file]);
      expect(r.code, file).toBe(1);
      expect(r.stderr, file).toMatch(reason);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
    expect([count('Incident'), count('ChecklistItem'), count('AuditEntry')]).toEqual(before);
  });

  it('imports a post-mortem: its timeline lands as backdated entries marked imported, its follow-ups in the JSON', () => {
    const exported = path.join(process.cwd(), 'fixtures', 'postmortems', 'warroom-export.md');
    const dry = cli(['import', exported, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan.events).toHaveLength(4);
    expect(plan.events[0]).toEqual({
      at: '2026-01-12T05:54:07.000Z',
      atText: '2026-01-12 05:54:07 UTC',
      text: 'Frontend health check fails; 503s reported',
    });
    expect(plan.actionItems.map((a: { done: boolean }) => a.done)).toEqual([false, true, false]);
    expect(plan.lessons.wentPoorly).toHaveLength(2);

    const before = count('TimelineEvent');
    const r = cli(['import', exported]);
    expect(r.code).toBe(0);
    // The import's own entry plus one backdated entry per event.
    expect(count('TimelineEvent')).toBe(before + 1 + 4);
    const db = new Database(dbPath, { readonly: true });
    try {
      const rows = db
        .prepare(`SELECT "at", "summary", "data" FROM "TimelineEvent" WHERE "kind" = 'imported' ORDER BY "at"`)
        .all() as { at: string | number; summary: string; data: string }[];
      expect(rows.map((row) => new Date(row.at).toISOString())).toEqual(plan.events.map((e: { at: string }) => e.at));
      expect(rows[3]?.summary).toBe('Email validation relaxed; SSO logins work again');
      expect(JSON.parse(rows[0]?.data ?? 'null')).toEqual({ atText: '2026-01-12 05:54:07 UTC', imported: true });
    } finally {
      db.close();
    }

    // "[???]" has no instant: it stays in the plan's events but is not put on the timeline.
    const nested = path.join(process.cwd(), 'fixtures', 'postmortems', 'search-nested-days.md');
    const beforeNested = count('TimelineEvent');
    expect(cli(['import', nested]).code).toBe(0);
    expect(count('TimelineEvent')).toBe(beforeNested + 1 + 5);
    expect(cli(['audit', 'verify']).stdout).toMatch(/audit chain ok: 4 entries/);
  });
});
