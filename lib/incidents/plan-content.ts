import type { Tx } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { insertMany, newRowId } from '@/lib/mutations/insert-many';
import type { IncidentPlan } from '@/lib/rca/types';
import { planCadenceAudience } from '@/lib/comms/cadence-interval';

/** What writing a plan into an incident added, and what it found already there. */
export type PlanMerge = {
  findings: number;
  fixes: number;
  checklists: number;
  groups: number;
  items: number;
  cadences: number;
  skippedItems: number;
};

const key = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Writes a plan's findings, fixes, checklists → groups → items and cadences
 * into an incident, next to what it already holds. A checklist is the same
 * one when its kind and title match, a group when its title matches, an item
 * when its text matches (case and spacing aside): attaching the same plan
 * twice, or a plan that repeats what the team already typed, adds nothing
 * twice and never touches an existing item's state.
 */
export async function writePlanContent(tx: Tx, incidentId: string, plan: IncidentPlan): Promise<PlanMerge> {
  const added: PlanMerge = { findings: 0, fixes: 0, checklists: 0, groups: 0, items: 0, cadences: 0, skippedItems: 0 };

  const findings = await tx.finding.findMany({ where: { incidentId }, select: { title: true, position: true } });
  const findingTitles = new Set(findings.map((f) => key(f.title)));
  let findingPos = Math.max(-1, ...findings.map((f) => f.position)) + 1;
  const newFindings = plan.findings.filter((f) => !findingTitles.has(key(f.title)));
  if (newFindings.length) {
    await tx.finding.createMany({
      data: newFindings.map((f) => ({
        incidentId,
        position: findingPos++,
        title: f.title,
        severity: f.severity,
        status: f.status,
        rootCause: f.rootCause,
        evidence: JSON.stringify(f.evidence),
        impact: f.impact,
        codeLocation: f.codeLocation,
        details: f.details,
      })),
    });
    added.findings = newFindings.length;
  }

  const fixes = await tx.fix.findMany({ where: { incidentId }, select: { phase: true, title: true, position: true } });
  const fixKeys = new Set(fixes.map((f) => `${f.phase}|${key(f.title)}`));
  let fixPos = Math.max(-1, ...fixes.map((f) => f.position)) + 1;
  const newFixes = plan.fixes.filter((f) => !fixKeys.has(`${f.phase}|${key(f.title)}`));
  if (newFixes.length) {
    await tx.fix.createMany({
      data: newFixes.map((f) => ({
        incidentId,
        position: fixPos++,
        phase: f.phase,
        phaseTitle: f.phaseTitle,
        title: f.title,
        body: f.body,
        priority: f.priority ?? null,
        time: f.time ?? null,
        scripts: JSON.stringify(f.scripts),
      })),
    });
    added.fixes = newFixes.length;
  }

  const checklists = await tx.checklist.findMany({
    where: { incidentId },
    select: {
      id: true,
      kind: true,
      title: true,
      position: true,
      groups: {
        select: { id: true, title: true, position: true, items: { select: { id: true, text: true, position: true } } },
      },
    },
  });
  let checklistPos = Math.max(-1, ...checklists.map((c) => c.position)) + 1;
  const commsItemIds = new Map<string, string>();
  const newItems: Prisma.ChecklistItemCreateManyInput[] = [];
  const now = new Date();
  for (const c of checklists)
    if (c.kind === 'communication')
      for (const g of c.groups) for (const i of g.items) commsItemIds.set(i.text.toLowerCase(), i.id);

  for (const checklist of plan.checklists) {
    let target = checklists.find((c) => c.kind === checklist.kind && key(c.title) === key(checklist.title));
    if (!target) {
      const created = await tx.checklist.create({
        data: { incidentId, position: checklistPos++, kind: checklist.kind, title: checklist.title },
        select: { id: true, kind: true, title: true, position: true },
      });
      target = { ...created, groups: [] };
      checklists.push(target);
      added.checklists++;
    }
    for (const group of checklist.groups) {
      let g = target.groups.find((x) => key(x.title) === key(group.title));
      if (!g) {
        const created = await tx.checklistGroup.create({
          data: {
            checklistId: target.id,
            position: Math.max(-1, ...target.groups.map((x) => x.position)) + 1,
            title: group.title,
          },
          select: { id: true, title: true, position: true },
        });
        g = { ...created, items: [] };
        target.groups.push(g);
        added.groups++;
      }
      const texts = new Set(g.items.map((i) => key(i.text)));
      let itemPos = Math.max(-1, ...g.items.map((i) => i.position)) + 1;
      for (const item of group.items) {
        if (texts.has(key(item.text))) {
          added.skippedItems++;
          continue;
        }
        texts.add(key(item.text));
        const row = { id: newRowId(), text: item.text, position: itemPos++ };
        newItems.push({
          ...row,
          groupId: g.id,
          depth: item.depth,
          done: item.done,
          doneAt: item.done ? now : null,
        });
        g.items.push(row);
        added.items++;
        if (checklist.kind === 'communication') commsItemIds.set(item.text.toLowerCase(), row.id);
      }
    }
  }
  // Hundreds of items in an export: a few multi-row statements, not one query each.
  await insertMany(tx, 'ChecklistItem', newItems);

  const cadences = await tx.cadence.findMany({ where: { incidentId }, select: { text: true, everyMinutes: true } });
  const cadenceKeys = new Set(cadences.map((c) => `${key(c.text)}|${c.everyMinutes}`));
  for (const cadence of plan.cadences) {
    if (cadenceKeys.has(`${key(cadence.text)}|${cadence.everyMinutes}`)) continue;
    const linked = [...commsItemIds.entries()].find(
      ([text]) => text.includes(cadence.text.toLowerCase()) || cadence.text.toLowerCase().includes(text),
    );
    await tx.cadence.create({
      data: {
        incidentId,
        text: cadence.text,
        everyMinutes: cadence.everyMinutes,
        audience: planCadenceAudience(cadence.text),
        linkedItemId: linked?.[1] ?? null,
      },
    });
    added.cadences++;
  }
  return added;
}

/** The incident's stored plan with another one merged in: reference sections appended, nothing repeated. */
export function mergePlans(into: IncidentPlan, plan: IncidentPlan): IncidentPlan {
  const uniqueBy = <T>(list: T[], by: (x: T) => string) => {
    const seen = new Set<string>();
    return list.filter((x) => {
      const k = by(x);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  return {
    ...into,
    date: into.date ?? plan.date,
    severity: into.severity ?? plan.severity,
    impact: into.impact ?? plan.impact,
    summary: into.summary ?? plan.summary,
    findings: uniqueBy([...into.findings, ...plan.findings], (f) => key(f.title)),
    recentChanges: uniqueBy([...into.recentChanges, ...plan.recentChanges], (r) => key(r.repository)),
    fixes: uniqueBy([...into.fixes, ...plan.fixes], (f) => `${f.phase}|${key(f.title)}`),
    checklists: uniqueBy([...into.checklists, ...plan.checklists], (c) => `${c.kind}|${key(c.title)}`),
    cadences: uniqueBy([...into.cadences, ...plan.cadences], (c) => `${key(c.text)}|${c.everyMinutes}`),
    rollback: uniqueBy([...into.rollback, ...plan.rollback], (r) => key(r.title)),
    timeline: [...into.timeline, ...plan.timeline],
    events: uniqueBy([...into.events, ...plan.events], (e) => `${e.at}|${e.atText}|${key(e.text)}`),
    actionItems: uniqueBy([...into.actionItems, ...plan.actionItems], (a) => key(a.text)),
    lessons: {
      wentWell: uniqueBy([...into.lessons.wentWell, ...plan.lessons.wentWell], key),
      wentPoorly: uniqueBy([...into.lessons.wentPoorly, ...plan.lessons.wentPoorly], key),
      lucky: uniqueBy([...into.lessons.lucky, ...plan.lessons.lucky], key),
    },
    notes: uniqueBy([...into.notes, ...plan.notes], (n) => `${key(n.title)}|${n.body}`),
    warnings: uniqueBy([...into.warnings, ...plan.warnings], (w) => w),
  };
}

export function emptyPlan(title: string, severity: string | null): IncidentPlan {
  return {
    title,
    date: null,
    severity,
    impact: null,
    summary: null,
    findings: [],
    recentChanges: [],
    fixes: [],
    checklists: [],
    cadences: [],
    rollback: [],
    timeline: [],
    events: [],
    actionItems: [],
    lessons: { wentWell: [], wentPoorly: [], lucky: [] },
    notes: [],
    warnings: [],
  };
}

export function countItems(plan: IncidentPlan): number {
  return plan.checklists.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.items.length, 0), 0);
}
