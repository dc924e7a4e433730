import { describe, expect, it } from 'vitest';
import { fixturePlan, postmortemFromPlan, tickSome } from '../../tests/support/postmortem-sample';
import { statusPhases } from './analyze';
import { renderTimelineSvg } from './render-svg';
import type { Postmortem, PostmortemEvent } from './schema';

const ev = (at: string, kind: string, summary: string, key = false): PostmortemEvent => ({
  at,
  kind,
  summary,
  actor: null,
  sourceTz: null,
  key,
});

describe('renderTimelineSvg', () => {
  const base = tickSome(postmortemFromPlan(fixturePlan()), 4);
  const pm: Postmortem = {
    ...base,
    incident: { ...base.incident, startedAt: '2026-01-12T05:00:00.000Z', resolvedAt: '2026-01-12T08:00:00.000Z' },
    timeline: [
      ev('2026-01-12T05:20:00.000Z', 'status', 'Status investigating → identified'),
      ev('2026-01-12T05:40:00.000Z', 'severity', 'Severity HIGH → CRITICAL <b>'),
      ev('2026-01-12T06:00:00.000Z', 'status', 'Status identified → mitigating'),
      ev('2026-01-12T06:30:00.000Z', 'note', 'Port 3000 free', true),
      ev('2026-01-12T06:40:00.000Z', 'note', 'an ordinary note'),
      ev('2026-01-12T06:45:00.000Z', 'comms.missed', 'Status update overdue'),
      ev('2026-01-12T07:00:00.000Z', 'status', 'Status mitigating → monitoring'),
      ev('2026-01-12T08:00:00.000Z', 'status', 'Status monitoring → resolved'),
    ],
    statusUpdates: [{ at: '2026-01-12T05:30:00.000Z', audience: 'public', body: 'Investigating', author: null }],
  };

  it('draws one coloured band per status phase, in order, up to resolution', () => {
    expect(statusPhases(pm).map((p) => [p.status, p.from.slice(11, 16), p.to.slice(11, 16)])).toEqual([
      ['investigating', '05:00', '05:20'],
      ['identified', '05:20', '06:00'],
      ['mitigating', '06:00', '07:00'],
      ['monitoring', '07:00', '08:00'],
      ['resolved', '08:00', '08:00'],
    ]);
    const svg = renderTimelineSvg(pm);
    expect([...svg.matchAll(/data-status="(\w+)"/g)].map((m) => m[1])).toEqual([
      'investigating',
      'identified',
      'mitigating',
      'monitoring',
      'resolved',
    ]);
  });

  it('marks key events (not ordinary notes), updates and missed cadences on their lanes', () => {
    const svg = renderTimelineSvg(pm);
    expect(svg.match(/class="marker sev"/g)).toHaveLength(1);
    expect(svg.match(/class="marker note"/g)).toHaveLength(1);
    expect(svg).not.toContain('an ordinary note');
    expect(svg.match(/class="update"/g)).toHaveLength(1);
    expect(svg.match(/class="missed"/g)).toHaveLength(1);
    const done = pm.checklists.flatMap((c) => c.groups.flatMap((g) => g.items)).filter((i) => i.done).length;
    const total = pm.checklists.flatMap((c) => c.groups.flatMap((g) => g.items)).length;
    expect(svg).toContain(`${done}/${total} items done`);
  });

  it('draws checklist completion over time: one step up at each tick, where it happened', () => {
    const ticks = ['2026-01-12T05:30:00.000Z', '2026-01-12T06:30:00.000Z', '2026-01-12T07:30:00.000Z'];
    let n = 0;
    const checklists = pm.checklists.map((c) => ({
      ...c,
      groups: c.groups.map((g) => ({
        ...g,
        items: g.items.map((i) => {
          const doneAt = ticks[n++] ?? null;
          return { ...i, done: doneAt !== null, doneAt };
        }),
      })),
    }));
    const svg = renderTimelineSvg({ ...pm, checklists });
    const d = /<path d="([^"]+)" class="completion"\/>/.exec(svg)?.[1] ?? '';
    const steps = [...d.matchAll(/H([\d.]+)V([\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    expect(steps).toHaveLength(3);
    // Later and higher each time (SVG y grows downwards).
    expect(steps.map((s) => s.x)).toEqual([...steps.map((s) => s.x)].sort((a, b) => a - b));
    expect(steps[0]!.y).toBeGreaterThan(steps[1]!.y);
    expect(steps[1]!.y).toBeGreaterThan(steps[2]!.y);
    // The second tick is at the minute of the key note "Port 3000 free": same x as its marker.
    const noteX = Number(/<circle cx="([\d.]+)"[^>]*class="marker note"/.exec(svg)?.[1]);
    expect(steps[1]!.x).toBe(noteX);
    expect(svg).toContain(`3/${n} items done`);
  });

  it('is self-contained and escapes text: no script, no external reference', () => {
    const svg = renderTimelineSvg(pm);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/<script|href=|url\(/i);
    expect(svg).toContain('CRITICAL &#60;b&#62;');
    expect(svg).not.toContain('<b>');
  });

  it('draws an incident with no events and no checklists', () => {
    const svg = renderTimelineSvg({ ...pm, timeline: [], statusUpdates: [], checklists: [] });
    expect(svg).toContain('no checklist items');
    expect([...svg.matchAll(/data-status="(\w+)"/g)].map((m) => m[1])).toEqual(['investigating']);
  });
});
