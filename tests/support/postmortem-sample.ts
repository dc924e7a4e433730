import fs from 'node:fs';
import path from 'node:path';
import { importPlan } from '@/lib/rca/import-plan';
import type { IncidentPlan } from '@/lib/rca/types';
import { POSTMORTEM_SCHEMA_VERSION, type Postmortem } from '@/lib/postmortem/schema';

export function fixturePlan(): IncidentPlan {
  const r = importPlan(fs.readFileSync(path.join(process.cwd(), 'fixtures', 'tms-rca.md')));
  if (!r.ok) throw new Error(r.error.message);
  return r.plan;
}

const empty = { body: '', version: 0, updatedAt: null, updatedBy: null };

/** A post-mortem as loadPostmortem would build it for an incident imported from `plan`. */
export function postmortemFromPlan(plan: IncidentPlan, over: Partial<Postmortem> = {}): Postmortem {
  const detectedAt = '2026-01-12T05:00:00.000Z';
  return {
    schemaVersion: POSTMORTEM_SCHEMA_VERSION,
    generatedAt: '2026-01-12T09:00:00.000Z',
    incident: {
      slug: 'tms-critical-issues',
      title: plan.title,
      severity: plan.severity ?? 'HIGH',
      status: 'resolved',
      impact: plan.impact,
      summary: plan.summary,
      planDate: plan.date,
      startedAt: '2026-01-08T19:54:07.000Z',
      detectedAt,
      mitigatedAt: '2026-01-12T06:10:00.000Z',
      resolvedAt: '2026-01-12T07:30:00.000Z',
      commander: { name: 'Cora Commander', email: 'cora@example.test' },
      commsLead: null,
    },
    durations: { toDetectMs: 1000, toMitigateMs: 2000, toResolveMs: 3000 },
    findings: plan.findings,
    fixes: plan.fixes,
    checklists: plan.checklists.map((c) => ({
      kind: c.kind,
      title: c.title,
      groups: c.groups.map((g) => ({
        title: g.title,
        items: g.items.map((i) => ({
          ...i,
          doneAt: i.done ? detectedAt : null,
          doneBy: null,
          assignee: null,
          comment: null,
        })),
      })),
    })),
    cadences: plan.cadences.map((c) => ({ ...c, active: true, lastSentAt: null, lastMissedAt: null })),
    statusUpdates: [],
    timeline: [],
    runs: [],
    narrative: { wentWell: empty, wentPoorly: empty, lucky: empty, lessons: empty },
    actionItems: [],
    reference: {
      notes: plan.notes,
      rollback: plan.rollback,
      recentChanges: plan.recentChanges,
      estimatedTimeline: plan.timeline,
    },
    webhooks: [],
    ...over,
  };
}

/** Ticks every `step`-th unticked item, at increasing times. */
export function tickSome(pm: Postmortem, step: number): Postmortem {
  let n = 0;
  return {
    ...pm,
    checklists: pm.checklists.map((c) => ({
      ...c,
      groups: c.groups.map((g) => ({
        ...g,
        items: g.items.map((i) => {
          if (i.done || n++ % step !== 0) return i;
          return { ...i, done: true, doneAt: new Date(Date.parse('2026-01-12T05:30:00Z') + n * 60_000).toISOString() };
        }),
      })),
    })),
  };
}
