import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defined } from '../../tests/support/defined';
import { parsePlan } from './parse-plan';
import { IncidentPlanSchema, type IncidentPlan } from './types';

const fixture = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/tms-rca.md'), 'utf8');

function itemCount(plan: IncidentPlan): number {
  return plan.checklists.flatMap((c) => c.groups).flatMap((g) => g.items).length;
}

function md(lines: TemplateStringsArray): string {
  return lines.join('').replace(/^\n/, '');
}

describe('parsePlan on the reference fixture (tms-rca.md)', () => {
  const plan = parsePlan(fixture);

  it('matches the IncidentPlan schema and keeps the contract keys', () => {
    expect(() => IncidentPlanSchema.parse(plan)).not.toThrow();
    expect(Object.keys(plan)).toEqual([
      'title',
      'date',
      'severity',
      'impact',
      'summary',
      'findings',
      'recentChanges',
      'fixes',
      'checklists',
      'cadences',
      'rollback',
      'timeline',
      'events',
      'actionItems',
      'lessons',
      'notes',
      'warnings',
    ]);
  });

  it('reads the header metadata', () => {
    expect(plan.title).toBe('TMS Critical Issues - Root Cause Analysis & Fix Plan');
    expect(plan.date).toBe('2026-01-12');
    expect(plan.severity).toBe('CRITICAL');
    expect(plan.impact).toBe('Users cannot access chat app (503 errors), new users cannot log in (500 errors)');
    expect(plan.summary).toMatch(/^The TMS Chat application on Alibaba Cloud staging/);
    expect(plan.summary).toContain('3. Multiple service architecture issues from recent migrations');
  });

  it('keeps the severity qualifier "Production Down" in a Metadata note', () => {
    expect(plan.notes.find((n) => n.title === 'Metadata')?.body).toBe('Severity: CRITICAL - Production Down');
  });

  it('finds 3 findings: CRITICAL, CRITICAL, HIGH', () => {
    expect(plan.findings).toHaveLength(3);
    expect(plan.findings.map((f) => f.severity)).toEqual(['CRITICAL', 'CRITICAL', 'HIGH']);
    expect(plan.findings.map((f) => f.title)).toEqual([
      'Issue 1: Frontend Service Down (503 Errors)',
      'Issue 2: SSO Login 500 Error for New Users',
      'Issue 3: Service Architecture Issues',
    ]);
    expect(plan.findings.map((f) => f.status)).toEqual([
      'Frontend service has been down since Jan 8, 2026 13:54:07 CST',
      'Ongoing',
      'Ongoing',
    ]);
  });

  it('keeps finding fields: root cause, evidence verbatim, impact, code location', () => {
    const frontend = defined(plan.findings[0], 'finding 1');
    const sso = defined(plan.findings[1], 'finding 2');
    const architecture = defined(plan.findings[2], 'finding 3');
    expect(frontend.rootCause).toContain('- Zombie Next.js processes (PID 264587, 264588) running since Jan 08');
    expect(frontend.evidence).toHaveLength(1);
    expect(frontend.evidence[0]).toMatchObject({ kind: 'code', lang: null });
    expect(frontend.evidence[0]?.kind === 'code' && frontend.evidence[0]?.code).toContain(
      '     Active: failed (Result: exit-code) since Thu 2026-01-08 13:54:07 CST',
    );
    expect(frontend.impact?.split('\n')).toHaveLength(5);
    expect(sso.evidence[0]).toMatchObject({ kind: 'code', lang: 'python' });
    expect(sso.codeLocation).toContain('/home/tmsapp/tms-server/app/services/user_service.py:111');
    // "Problems" is Issue 3's root cause list.
    expect(architecture.rootCause).toContain('4. No monitoring/alerting for service failures');
  });

  it('reads the recent changes per repository', () => {
    expect(plan.recentChanges.map((r) => r.repository)).toEqual(['tms-client', 'tms-server']);
    expect(plan.recentChanges.map((r) => r.commits.length)).toEqual([3, 3]);
    expect(plan.recentChanges[0]?.commits[0]).toEqual({
      sha: '590c4e9',
      message: 'fix: Use runtime detection for Socket.IO URL instead of build-time env var',
    });
    expect(plan.recentChanges[1]?.details).toContain('CORS updates might affect client-server communication');
  });

  it('finds 8 fixes in 3 phases (2/3/3)', () => {
    expect(plan.fixes).toHaveLength(8);
    const perPhase = ['immediate', 'medium', 'long'].map((p) => plan.fixes.filter((f) => f.phase === p).length);
    expect(perPhase).toEqual([2, 3, 3]);
    expect(plan.fixes.map((f) => f.title)).toEqual([
      'Fix 1: Restart Frontend Service',
      'Fix 2: Relax Email Validation for Development',
      'Fix 3: Improve Systemd Service Management',
      'Fix 4: Add Health Checks and Monitoring',
      'Fix 5: Improve Deployment Script',
      'Fix 6: Implement Proper Email Validation Strategy',
      'Fix 7: Add Comprehensive Monitoring',
      'Fix 8: Implement CI/CD Pipeline',
    ]);
    expect(plan.fixes[0]?.phaseTitle).toBe('Immediate Fixes (Deploy Now - 15 mins)');
    expect(plan.fixes[0]).toMatchObject({ priority: 'CRITICAL - Do First', time: '5 minutes' });
    expect(plan.fixes[1]).toMatchObject({ priority: 'CRITICAL', time: '10 minutes' });
  });

  it('keeps fix scripts verbatim with their language', () => {
    expect(plan.fixes.map((f) => f.scripts.map((s) => s.lang))).toEqual([
      ['bash'],
      ['python', 'bash'],
      ['ini'],
      ['bash', 'bash'],
      ['bash'],
      ['python'],
      [],
      ['yaml'],
    ]);
    const restart = defined(plan.fixes[0]?.scripts[0]?.code, 'the first fix script');
    // Lines starting with "# " inside a fence are comments, not headings.
    expect(restart.split('\n')[0]).toBe('# SSH to staging server');
    expect(restart).toContain('lsof -i :3000  # Should return nothing');
    expect(plan.fixes[2]?.scripts[0]?.code).toContain('ExecStartPre=/usr/bin/pkill -f "next-server" || true');
    expect(plan.fixes[3]?.scripts[1]?.code).toBe(
      '*/5 * * * * /home/tmsapp/tms-server/deployment/scripts/health-check.sh >> /var/log/tms-health.log 2>&1',
    );
    expect(plan.fixes[1]?.body).toContain('**Option B: Update Test User Email (Quick Fix)**');
  });

  it('finds 61 checklist items in 12 groups with the right kinds and group sizes', () => {
    expect(itemCount(plan)).toBe(61);
    expect(plan.checklists.flatMap((c) => c.groups)).toHaveLength(12);
    expect(plan.checklists.map((c) => [c.kind, c.title, c.groups.map((g) => g.items.length)])).toEqual([
      ['deployment', 'Deployment Checklist', [4, 10, 5, 6]],
      ['testing', 'Testing Strategy', [3, 4, 7]],
      ['success', 'Success Criteria', [6, 4, 5]],
      ['communication', 'Communication Plan', [3, 4]],
    ]);
  });

  it('names the groups by their sub-headings', () => {
    expect(plan.checklists.map((c) => c.groups.map((g) => g.title))).toEqual([
      [
        'Pre-Deployment',
        'Immediate Deployment (Now)',
        'Medium-Term Deployment (This Week)',
        'Long-Term Implementation (Next Sprint)',
      ],
      ['Unit Tests', 'Integration Tests', 'End-to-End Tests'],
      ['Immediate (After Fix 1 & 2)', 'Medium-Term (After Fix 3-5)', 'Long-Term (After Fix 6-8)'],
      ['Immediate', 'Post-Deployment'],
    ]);
  });

  it('keeps item texts, open state and depth', () => {
    const items = plan.checklists.flatMap((c) => c.groups).flatMap((g) => g.items);
    expect(items.every((i) => i.done === false && i.depth === 0)).toBe(true);
    expect(plan.checklists[0]?.groups[1]?.items[1]).toEqual({
      text: 'Kill zombie Next.js processes (Fix 1)',
      done: false,
      depth: 0,
    });
    expect(plan.checklists[1]?.groups[2]?.items[6]?.text).toBe('Receive real-time updates');
    expect(plan.checklists[3]?.groups[0]?.items[0]?.text).toBe(
      'Notify users: "We\'re aware of the issue and fixing it now"',
    );
  });

  it('finds exactly one cadence: status update every 15 minutes', () => {
    expect(plan.cadences).toEqual([{ text: 'Status update every 15 minutes', everyMinutes: 15 }]);
  });

  it('finds 3 rollback steps, each with its script', () => {
    expect(plan.rollback.map((s) => s.title)).toEqual(['Rollback Frontend', 'Rollback Backend', 'Emergency Recovery']);
    expect(plan.rollback.map((s) => s.scripts.length)).toEqual([1, 1, 1]);
    expect(plan.rollback[1]?.scripts[0]).toEqual({
      lang: 'bash',
      code: 'cd /home/tmsapp/tms-server\ngit reset --hard <previous-commit>\nalembic downgrade -1\nsystemctl restart tms-backend',
    });
    expect(plan.notes.find((n) => n.title === 'Rollback Plan')?.body).toBe('If immediate fixes fail:');
  });

  it('reads the 3-row estimated timeline keyed by header', () => {
    expect(plan.timeline).toEqual([
      { Phase: 'Immediate', Tasks: 'Fix 1-2', Time: '15 mins', Priority: 'CRITICAL' },
      { Phase: 'Medium-Term', Tasks: 'Fix 3-5', Time: '2-4 hours', Priority: 'HIGH' },
      { Phase: 'Long-Term', Tasks: 'Fix 6-8', Time: '1-2 weeks', Priority: 'MEDIUM' },
    ]);
  });

  it('keeps every other section as a titled note, verbatim', () => {
    expect(plan.notes.map((n) => n.title)).toEqual([
      'Security Considerations',
      'Code Quality Considerations',
      'Rollback Plan',
      'Conclusion',
      'Metadata',
    ]);
    const security = plan.notes[0]?.body;
    expect(security).toContain('### Service Management');
    expect(security).toContain('- **Mitigation**: Systemd KillMode=mixed ensures all child processes are killed');
    expect(plan.notes[3]?.body).toContain('**Recommended Action**: Execute immediate fixes NOW');
  });

  it('has nothing to warn about', () => {
    expect(plan.warnings).toEqual([]);
  });

  it('invents no events, action items or lessons: its "Fix 1-2 / 15 mins" table stays the estimated timeline', () => {
    // The findings' "since Jan 8, 2026 13:54:07 CST" and the systemd log are evidence, not a timeline.
    expect(plan.events).toEqual([]);
    expect(plan.actionItems).toEqual([]);
    expect(plan.lessons).toEqual({ wentWell: [], wentPoorly: [], lucky: [] });
    expect(plan.timeline).toHaveLength(3);
  });
});

describe('parsePlan on post-mortem sections', () => {
  const plan = parsePlan(md`
# Queue outage

**Date**: 2024-05-02

## Timeline

All times UTC.

- 10:02 Consumers stop
- 10:05 Paged

~~~
10:03:00 consumer-1 ERROR lost connection
~~~

## Action items

- [x] Pin the client version (owner: @ops)
- [ ] Alert on lag

## Deployment checklist

- [ ] Roll out the pinned client
  `);

  it('reads events, never the log lines in a code block', () => {
    expect(plan.events).toEqual([
      { at: '2024-05-02T10:02:00.000Z', atText: '10:02', text: 'Consumers stop' },
      { at: '2024-05-02T10:05:00.000Z', atText: '10:05', text: 'Paged' },
    ]);
  });

  it('files action-item task lists as action items, not checklist items', () => {
    expect(plan.actionItems).toEqual([
      { text: 'Pin the client version', done: true, owner: '@ops', link: null },
      { text: 'Alert on lag', done: false, owner: null, link: null },
    ]);
    expect(plan.checklists.map((c) => c.title)).toEqual(['Deployment checklist']);
  });
});

describe('parsePlan on other wordings and heading levels', () => {
  const plan = parsePlan(md`
# Payments outage

Severity: sev-2 (cards only)
**Date:** 2026-02-01

## TL;DR

Card payments failed for 40 minutes.

## What happened

### Gateway timeouts

**Severity**: P1
**Status**: Mitigated
**Cause**: connection pool exhausted

## Remediation

### Phase 1 — Now

#### Roll the gateway

**Owner**: @ana

~~~sh
kubectl rollout restart deploy/gw
~~~

### Short-term

#### Add client timeouts

Set timeouts everywhere.

### Next sprint

#### Game day

Run chaos drills.
  `);

  it('reads plain and bold-with-colon-inside labels, and SEV/P severities', () => {
    expect(plan.title).toBe('Payments outage');
    expect(plan.severity).toBe('SEV2');
    expect(plan.date).toBe('2026-02-01');
    expect(plan.summary).toBe('Card payments failed for 40 minutes.');
    expect(plan.findings).toEqual([
      expect.objectContaining({
        title: 'Gateway timeouts',
        severity: 'P1',
        status: 'Mitigated',
        rootCause: 'connection pool exhausted',
      }),
    ]);
  });

  it('maps "Phase 1 — Now", "Short-term", "Next sprint" to immediate, medium, long', () => {
    expect(plan.fixes.map((f) => [f.phase, f.title])).toEqual([
      ['immediate', 'Roll the gateway'],
      ['medium', 'Add client timeouts'],
      ['long', 'Game day'],
    ]);
    expect(plan.fixes[0]?.scripts).toEqual([{ lang: 'sh', code: 'kubectl rollout restart deploy/gw' }]);
  });

  it('treats "Action items" bullets as fixes, "Short-term" first as immediate', () => {
    const actions = parsePlan(md`
# DNS incident

### Action items

#### Short-term

- Lower the TTL
- Add a second resolver

#### Long-term

- Move to managed DNS
    `);
    expect(actions.fixes.map((f) => [f.phase, f.title])).toEqual([
      ['immediate', 'Lower the TTL'],
      ['immediate', 'Add a second resolver'],
      ['long', 'Move to managed DNS'],
    ]);
  });

  it('guesses phases by position when headings name none, and says so', () => {
    const guessed = parsePlan(md`
# X

## Fix plan

### Alpha

#### A1

do a

### Beta

#### B1

do b
    `);
    expect(guessed.fixes.map((f) => f.phase)).toEqual(['immediate', 'medium']);
    expect(guessed.warnings).toContain('Phase of "Alpha" guessed from its position: immediate.');
  });
});

describe('parsePlan on task lists', () => {
  const plan = parsePlan(md`
# Deploy

## Deployment checklist

- [x] Backup database
- [ ] Deploy
  - [ ] Canary
    1. [x] 5% traffic
  - [ ] Full rollout

## Verification

### Smoke

1. [ ] Login works
2. [x] Checkout works

- plain bullet, not a task

## Random thoughts

- [ ] Buy cake
  `);

  it('counts "* [x]", "1. [ ]" and nested items with depth and done state', () => {
    expect(plan.checklists[0]).toEqual({
      kind: 'deployment',
      title: 'Deployment checklist',
      groups: [
        {
          title: 'Deployment checklist',
          items: [
            { text: 'Backup database', done: true, depth: 0 },
            { text: 'Deploy', done: false, depth: 0 },
            { text: 'Canary', done: false, depth: 1 },
            { text: '5% traffic', done: true, depth: 2 },
            { text: 'Full rollout', done: false, depth: 1 },
          ],
        },
      ],
    });
  });

  it('files numbered tasks under their sub-heading and kind', () => {
    expect(plan.checklists[1]).toEqual({
      kind: 'testing',
      title: 'Verification',
      groups: [
        {
          title: 'Smoke',
          items: [
            { text: 'Login works', done: false, depth: 0 },
            { text: 'Checkout works', done: true, depth: 0 },
          ],
        },
      ],
    });
  });

  it('keeps a task list in an unknown section as an "other" checklist, and non-task blocks as a note', () => {
    expect(plan.checklists[2]).toMatchObject({ kind: 'other', title: 'Random thoughts' });
    expect(plan.notes.map((n) => n.title)).toEqual(['Verification']);
    expect(plan.notes.find((n) => n.title === 'Verification')?.body).toBe('- plain bullet, not a task');
  });

  it('walks 90 levels of nested tasks without recursion limits', () => {
    const nested = Array.from({ length: 90 }, (_, i) => `${'  '.repeat(i)}- [ ] level ${i}`).join('\n');
    const deep = parsePlan(`# Deep\n## Checklist\n${nested}\n`);
    const items = deep.checklists[0]?.groups[0]?.items;
    expect(items).toHaveLength(90);
    expect(items?.[89]).toEqual({ text: 'level 89', done: false, depth: 89 });
  });
});

describe('parsePlan on a plan without a fix plan', () => {
  const plan = parsePlan(md`
# Slow builds

## Summary

CI takes an hour.

## Notes

Nobody knows why.
  `);

  it('returns no fixes and warns', () => {
    expect(plan.fixes).toEqual([]);
    expect(plan.warnings).toContain('No fix plan found: the plan has no fixes.');
    expect(plan.warnings).toContain('No findings ("Issues Discovered") section found.');
  });

  it('loses nothing: unknown sections become notes', () => {
    expect(plan.summary).toBe('CI takes an hour.');
    expect(plan.notes).toEqual([{ title: 'Notes', body: 'Nobody knows why.' }]);
  });
});

describe('parsePlan on rollback and communication variants', () => {
  const plan = parsePlan(md`
# API incident

## Rollback

### Revert the deploy

Only if error rate stays high.

~~~bash
git revert HEAD
~~~

### Restore the database

~~~bash
pg_restore -d api latest.dump
~~~

## Comms

- Post an update every 30 min in #incident
- Email stakeholders hourly
- Exec briefing every half hour

## Success criteria

- [ ] Health checks green every 5 minutes
  `);

  it('reads rollback steps from sub-headings', () => {
    expect(plan.rollback).toEqual([
      {
        title: 'Revert the deploy',
        body: 'Only if error rate stays high.',
        scripts: [{ lang: 'bash', code: 'git revert HEAD' }],
      },
      { title: 'Restore the database', body: null, scripts: [{ lang: 'bash', code: 'pg_restore -d api latest.dump' }] },
    ]);
  });

  it('reads cadences from the communication section only', () => {
    expect(plan.cadences).toEqual([
      { text: 'Post an update every 30 min in #incident', everyMinutes: 30 },
      { text: 'Email stakeholders hourly', everyMinutes: 60 },
      { text: 'Exec briefing every half hour', everyMinutes: 30 },
    ]);
  });
});
