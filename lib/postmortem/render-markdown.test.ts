import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { importPlan } from '@/lib/rca/import-plan';
import type { IncidentPlan } from '@/lib/rca/types';
import { defined } from '../../tests/support/defined';
import { fixturePlan, postmortemFromPlan, tickSome } from '../../tests/support/postmortem-sample';
import { frontMatterSeverity, renderMarkdown } from './render-markdown';
import { importedPostmortem } from './imported-postmortem';
import type { Postmortem, PostmortemEvent } from './schema';

const ev = (at: string, kind: string, summary: string, actor: string | null): PostmortemEvent => ({
  at,
  kind,
  summary,
  actor: actor ? { name: actor, email: 'x@example.test' } : null,
  sourceTz: null,
  key: false,
});

function reimport(md: string): IncidentPlan {
  const r = importPlan(md);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.plan;
}

const checklistStates = (checklists: Postmortem['checklists'] | IncidentPlan['checklists']) =>
  checklists.map((c) => ({
    title: c.title,
    groups: c.groups.map((g) => ({ title: g.title, items: g.items.map((i) => [i.text, i.done, i.depth]) })),
  }));

describe('renderMarkdown', () => {
  const plan = fixturePlan();
  const pm = tickSome(postmortemFromPlan(plan), 3);

  it('starts with the agreed front matter and header lines', () => {
    const md = renderMarkdown(pm);
    const [, yaml] = md.split(/^---$/m);
    expect(parseYaml(defined(yaml, 'front matter'))).toEqual({
      warroom: 'export',
      schemaVersion: 1,
      title: plan.title,
      slug: 'tms-critical-issues',
      severity: 'SEV1',
      status: 'resolved',
      startedAt: '2026-01-08T19:54:07.000Z',
      detectedAt: '2026-01-12T05:00:00.000Z',
      mitigatedAt: '2026-01-12T06:10:00.000Z',
      resolvedAt: '2026-01-12T07:30:00.000Z',
    });
    expect(md).toContain(`\n# ${plan.title}\n\n**Severity**: SEV1\n**Impact**: Users cannot access`);
  });

  it('omits milestones that did not happen', () => {
    const open = { ...pm, incident: { ...pm.incident, mitigatedAt: null, resolvedAt: null, status: 'identified' } };
    const md = renderMarkdown(open);
    expect(md).not.toMatch(/^mitigatedAt:/m);
    expect(md).not.toMatch(/^resolvedAt:/m);
    expect(md).toMatch(/^status: identified$/m);
  });

  it('maps document severities onto SEV1–SEV4', () => {
    expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'SEV3', 'sev4'].map(frontMatterSeverity)).toEqual([
      'SEV1',
      'SEV2',
      'SEV3',
      'SEV4',
      'SEV3',
      'SEV4',
    ]);
  });

  it('re-imports with every checklist item’s text, group and done state, and the findings and fixes', () => {
    const back = reimport(renderMarkdown(pm));
    expect(checklistStates(back.checklists)).toEqual(checklistStates(pm.checklists));
    expect(back.checklists.map((c) => c.kind)).toEqual(pm.checklists.map((c) => c.kind));
    expect(back.findings).toEqual(plan.findings);
    expect(back.fixes.map((f) => [f.phase, f.phaseTitle, f.title, f.body])).toEqual(
      plan.fixes.map((f) => [f.phase, f.phaseTitle, f.title, f.body]),
    );
    expect(back.cadences).toEqual(plan.cadences);
    expect(back.severity).toBe('SEV1');
    expect(back.title).toBe(plan.title);
    expect(back.summary).toBe(plan.summary);
  });

  it('keeps the document’s other sections (notes, estimated timeline, rollback) through the round trip', () => {
    const back = reimport(renderMarkdown(pm));
    for (const note of plan.notes) expect(back.notes).toContainEqual(note);
    expect(back.timeline).toEqual(plan.timeline);
    expect(back.rollback).toEqual(plan.rollback);
  });

  it('is stable: exporting what an export imported to gives the same document', () => {
    const md1 = renderMarkdown(pm);
    const back = reimport(md1);
    const pm2 = {
      ...postmortemFromPlan(back),
      incident: pm.incident,
      checklists: pm.checklists,
    };
    expect(renderMarkdown(pm2)).toBe(md1);
  });

  it('round-trips the timeline, action items and lessons (and nothing else becomes an event)', () => {
    const rich: Postmortem = {
      ...pm,
      timeline: [
        ev('2026-01-12T05:00:00.000Z', 'import', 'Imported "TMS"', null),
        ev('2026-01-12T05:54:07.000Z', 'status', 'Status investigating → identified', 'Cora Commander'),
        ev('2026-01-12T06:00:00.000Z', 'note', 'Killed *PID* 264587 [x] <b>\nport free', null),
        ev('2026-01-12T07:30:00.000Z', 'status', 'Status monitoring → resolved', 'Cora Commander'),
      ],
      actionItems: [
        {
          id: 'a',
          text: 'Add health checks',
          done: false,
          owner: 'ops@example.test',
          due: '2026-01-20',
          link: 'https://tracker.example.test/T-1',
          source: 'fix',
        },
        { id: 'b', text: 'Write the runbook (v2)', done: true, owner: null, due: null, link: null, source: null },
        {
          id: 'c',
          text: 'Alert on *EADDRINUSE*',
          done: false,
          owner: 'Ada Lovelace',
          due: null,
          link: null,
          source: null,
        },
      ],
      narrative: {
        wentWell: { body: 'Fast detection\nClear roles', version: 1, updatedAt: null, updatedBy: null },
        wentPoorly: { body: 'No health checks', version: 1, updatedAt: null, updatedBy: null },
        lucky: { body: 'It was a staging server', version: 1, updatedAt: null, updatedBy: null },
        lessons: { body: 'Pin ports\nKill what you started, only', version: 1, updatedAt: null, updatedBy: null },
      },
    };
    const back = reimport(renderMarkdown(rich));
    expect(back.events.map((e) => [e.at, e.text])).toEqual([
      ['2026-01-12T05:00:00.000Z', 'Imported "TMS"'],
      ['2026-01-12T05:54:07.000Z', 'Status investigating → identified (Cora Commander)'],
      ['2026-01-12T06:00:00.000Z', 'Killed *PID* 264587 [x] <b> port free'],
      ['2026-01-12T07:30:00.000Z', 'Status monitoring → resolved (Cora Commander)'],
    ]);
    expect(back.actionItems).toEqual([
      {
        text: 'Add health checks',
        done: false,
        owner: 'ops@example.test',
        due: '2026-01-20',
        link: 'https://tracker.example.test/T-1',
      },
      { text: 'Write the runbook (v2)', done: true, owner: null, link: null },
      { text: 'Alert on *EADDRINUSE*', done: false, owner: 'Ada Lovelace', link: null },
    ]);
    expect(back.lessons).toEqual({
      wentWell: ['Fast detection', 'Clear roles'],
      wentPoorly: ['No health checks'],
      lucky: ['It was a staging server'],
    });
    const imported = importedPostmortem(back);
    expect(imported.narrative).toEqual({
      wentWell: 'Fast detection\nClear roles',
      wentPoorly: 'No health checks',
      lucky: 'It was a staging server',
      lessons: 'Pin ports\nKill what you started, only',
    });
    expect(imported.events.map((e) => e.kind)).toEqual(['imported', 'imported', 'imported', 'imported']);
    expect(imported.incident).toEqual({
      status: 'resolved',
      startedAt: new Date('2026-01-08T19:54:07.000Z'),
      detectedAt: new Date('2026-01-12T05:00:00.000Z'),
      mitigatedAt: new Date('2026-01-12T06:10:00.000Z'),
      resolvedAt: new Date('2026-01-12T07:30:00.000Z'),
    });
    expect(back.checklists.map((c) => c.title)).not.toContain('Action items');

    // And once more: what came back exports to the same document.
    const again: Postmortem = {
      ...rich,
      timeline: imported.events.map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind,
        summary: e.summary,
        actor: null,
        sourceTz: null,
        key: false,
      })),
      actionItems: imported.actionItems.map((a) => ({ ...a, id: null, source: null })),
      narrative: {
        wentWell: { ...rich.narrative.wentWell, body: imported.narrative.wentWell ?? '' },
        wentPoorly: { ...rich.narrative.wentPoorly, body: imported.narrative.wentPoorly ?? '' },
        lucky: { ...rich.narrative.lucky, body: imported.narrative.lucky ?? '' },
        lessons: { ...rich.narrative.lessons, body: imported.narrative.lessons ?? '' },
      },
    };
    expect(renderMarkdown(again)).toBe(renderMarkdown(rich));
  });

  it('writes item text so it comes back exactly, whatever Markdown it contains', () => {
    const tricky = [
      'Use *stars* and _underscores_ and snake_case_name',
      '<script>alert(1)</script> & &amp; entities',
      '[a link](javascript:alert(1)) and `code` and ``double``',
      '# not a heading',
      '- not a nested list',
      '1. not a numbered list',
      '> not a quote',
      'pipes | and ~~strike~~ and \\ backslash',
      'ends with a hash #',
      'https://example.test/path_with_underscores?a=1&b=2',
    ];
    const custom: Postmortem = {
      ...pm,
      checklists: [
        {
          kind: 'other',
          title: 'Odd * Checklist',
          groups: [
            {
              title: 'Group <b>1</b> #',
              items: tricky.map((text, n) => ({
                text,
                done: n % 2 === 0,
                depth: 0,
                doneAt: null,
                doneBy: null,
                assignee: null,
                comment: null,
              })),
            },
          ],
        },
      ],
    };
    const back = reimport(renderMarkdown(custom));
    const odd = back.checklists.find((c) => c.title === 'Odd * Checklist');
    expect(odd?.groups.map((g) => g.title)).toEqual(['Group <b>1</b> #']);
    expect(odd?.groups[0]?.items.map((i) => [i.text, i.done])).toEqual(tricky.map((t, n) => [t, n % 2 === 0]));
  });

  it('writes the timeline, action items and lessons in the agreed shapes', () => {
    const md = renderMarkdown({
      ...pm,
      timeline: [
        {
          at: '2026-01-12T05:54:07.000Z',
          kind: 'status',
          summary: 'Status investigating → identified',
          actor: { name: 'Cora Commander', email: 'cora@example.test' },
          sourceTz: null,
          key: false,
        },
        {
          at: '2026-01-12T06:00:00.123Z',
          kind: 'note',
          summary: 'Killed *PID* 264587\nport free',
          actor: null,
          sourceTz: null,
          key: true,
        },
      ],
      actionItems: [
        {
          id: 'a1',
          text: 'Add health checks',
          done: false,
          owner: 'ops@example.test',
          due: '2026-01-20',
          link: 'https://tracker.example.test/T-1',
          source: 'fix',
        },
        { id: 'a2', text: 'Write the runbook', done: true, owner: null, due: null, link: null, source: null },
      ],
      narrative: {
        wentWell: { body: 'Fast detection\n- Clear roles', version: 1, updatedAt: null, updatedBy: null },
        wentPoorly: { body: 'No health checks', version: 1, updatedAt: null, updatedBy: null },
        lucky: { body: '', version: 0, updatedAt: null, updatedBy: null },
        lessons: { body: 'Pin ports', version: 1, updatedAt: null, updatedBy: null },
      },
    });
    expect(md).toContain(
      '## Timeline\n\n- 2026-01-12 05:54:07 UTC: Status investigating → identified (Cora Commander)\n- 2026-01-12 06:00:00 UTC: Killed \\*PID\\* 264587 port free\n',
    );
    expect(md).toContain(
      '## Action items\n\n- [ ] Add health checks (owner: ops@example.test; due: 2026-01-20; link: https://tracker.example.test/T-1)\n- [x] Write the runbook\n',
    );
    expect(md).toContain(
      '## Lessons learned\n\n- Pin ports\n\n### What went well\n\n- Fast detection\n- Clear roles\n\n### What went poorly\n\n- No health checks\n\n### Where we got lucky\n',
    );
  });

  it('shows a run’s secret parameters masked', () => {
    const md = renderMarkdown({
      ...pm,
      runs: [
        {
          id: 'r1',
          playbook: 'restart-service',
          status: 'succeeded',
          requestedBy: null,
          approvedBy: { name: 'Ada Approver', email: 'ada@example.test' },
          requestedAt: '2026-01-12T06:01:00.000Z',
          startedAt: null,
          endedAt: null,
          hosts: ['web-1'],
          params: [
            { name: 'unit', value: 'tms-frontend', secret: false },
            { name: 'token', value: 's3cr3t-value-xyz', secret: true },
          ],
          link: '/runs/7',
          result: null,
          approval: null,
          hostResults: [
            {
              host: 'web-1',
              status: 'succeeded',
              steps: [{ name: 'Restart', status: 'succeeded', rollback: false, exitCode: 0, kill: null }],
            },
          ],
        },
      ],
    });
    expect(md).toContain(
      'restart-service on web-1 — succeeded, approved by Ada Approver (unit=tms-frontend, token=••••)',
    );
    expect(md).not.toContain('s3cr3t-value-xyz');
  });
});
