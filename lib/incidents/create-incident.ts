import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import type { IncidentPlan } from '@/lib/rca/types';
import { canonicalJson } from '@/lib/audit/hash';
import { importedPostmortem } from '@/lib/postmortem/imported-postmortem';
import { slugify, uniqueSlug } from './slug';

/**
 * One transaction creates the incident and everything the plan holds:
 * findings, fixes with their scripts, checklists → groups → items, cadences
 * (linked to the matching communication item). The plan itself is kept as
 * JSON and the source verbatim, so nothing in the document is lost.
 */
export async function createIncidentFromPlan(
  tx: Tx,
  actor: Pick<SessionUser, 'id'> | null,
  input: { plan: IncidentPlan; sourceMarkdown: string },
): Promise<Mutation<{ id: string; slug: string }>> {
  const { plan } = input;
  const base = slugify(plan.title);
  const taken = new Set(
    (await tx.incident.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((r) => r.slug),
  );
  const slug = uniqueSlug(base, taken);
  const now = new Date();
  const extra = importedPostmortem(plan, now);

  const incident = await tx.incident.create({
    data: {
      slug,
      title: plan.title.slice(0, 300),
      severity: normalizeSeverity(plan.severity),
      impact: plan.impact,
      summary: plan.summary,
      planDate: plan.date,
      // A warroom export says how the incident went; an RCA starts a new one.
      ...extra.incident,
      commanderId: actor?.id ?? null,
      createdById: actor?.id ?? null,
      sourceMarkdown: input.sourceMarkdown,
      planJson: JSON.stringify(plan),
    },
    select: { id: true, slug: true },
  });

  if (plan.findings.length) {
    await tx.finding.createMany({
      data: plan.findings.map((f, position) => ({
        incidentId: incident.id,
        position,
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
  }
  if (plan.fixes.length) {
    await tx.fix.createMany({
      data: plan.fixes.map((f, position) => ({
        incidentId: incident.id,
        position,
        phase: f.phase,
        phaseTitle: f.phaseTitle,
        title: f.title,
        body: f.body,
        priority: f.priority ?? null,
        time: f.time ?? null,
        scripts: JSON.stringify(f.scripts),
      })),
    });
  }

  // Ids are chosen here so each level is one batched insert: a re-imported
  // export can carry hundreds of items, and one INSERT per row held the write
  // lock for a second.
  const itemIdsByText = new Map<string, string>();
  const checklists: { id: string; incidentId: string; position: number; kind: string; title: string }[] = [];
  const groups: { id: string; checklistId: string; position: number; title: string }[] = [];
  const itemRows: {
    id: string;
    groupId: string;
    position: number;
    text: string;
    depth: number;
    done: boolean;
    doneAt: Date | null;
  }[] = [];
  for (const [cPos, checklist] of plan.checklists.entries()) {
    const c = {
      id: randomUUID(),
      incidentId: incident.id,
      position: cPos,
      kind: checklist.kind,
      title: checklist.title,
    };
    checklists.push(c);
    for (const [gPos, group] of checklist.groups.entries()) {
      const g = { id: randomUUID(), checklistId: c.id, position: gPos, title: group.title };
      groups.push(g);
      for (const [iPos, item] of group.items.entries()) {
        const id = randomUUID();
        itemRows.push({
          id,
          groupId: g.id,
          position: iPos,
          text: item.text,
          depth: item.depth,
          done: item.done,
          doneAt: item.done ? now : null,
        });
        if (checklist.kind === 'communication') itemIdsByText.set(item.text.toLowerCase(), id);
      }
    }
  }
  if (checklists.length) await tx.checklist.createMany({ data: checklists });
  if (groups.length) await tx.checklistGroup.createMany({ data: groups });
  if (itemRows.length) await tx.checklistItem.createMany({ data: itemRows });

  for (const cadence of plan.cadences) {
    const linked = [...itemIdsByText.entries()].find(
      ([text]) => text.includes(cadence.text.toLowerCase()) || cadence.text.toLowerCase().includes(text),
    );
    await tx.cadence.create({
      data: {
        incidentId: incident.id,
        text: cadence.text,
        everyMinutes: cadence.everyMinutes,
        linkedItemId: linked?.[1] ?? null,
      },
    });
  }

  // What the document says happened, what is owed, what was learned.
  if (extra.events.length) {
    await tx.timelineEvent.createMany({
      data: extra.events.map((e) => ({
        incidentId: incident.id,
        at: e.at,
        kind: e.kind,
        summary: e.summary,
        data: canonicalJson(e.data),
      })),
    });
  }
  if (extra.actionItems.length) {
    await tx.actionItem.createMany({
      data: extra.actionItems.map((a, position) => ({
        incidentId: incident.id,
        position,
        ...a,
        createdById: actor?.id ?? null,
      })),
    });
  }
  const lessons = Object.entries(extra.narrative);
  if (lessons.length) {
    await tx.postmortemSection.createMany({
      data: lessons.map(([section, body]) => ({
        incidentId: incident.id,
        section,
        body,
        updatedById: actor?.id ?? null,
      })),
    });
  }

  const items = plan.checklists.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.items.length, 0), 0);
  return {
    data: incident,
    audit: {
      action: 'incident.import',
      targetType: 'incident',
      targetId: incident.id,
      payload: {
        slug,
        title: plan.title,
        findings: plan.findings.length,
        fixes: plan.fixes.length,
        checklistItems: items,
        cadences: plan.cadences.length,
        events: extra.events.length,
        actionItems: extra.actionItems.length,
        lessons: lessons.map(([section]) => section),
        warnings: plan.warnings.length,
        bytes: Buffer.byteLength(input.sourceMarkdown),
      },
    },
    timeline: {
      incidentId: incident.id,
      kind: 'import',
      summary: `Imported "${plan.title}": ${plan.findings.length} findings, ${plan.fixes.length} fixes, ${items} checklist items${extra.events.length ? `, ${extra.events.length} timeline events` : ''}${extra.actionItems.length ? `, ${extra.actionItems.length} action items` : ''}`,
    },
  };
}

export function normalizeSeverity(raw: string | null): string {
  const s = (raw ?? '').toUpperCase();
  if (/^SEV[1-4]$/.test(s) || ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].includes(s)) return s;
  if (/^SEV\s*-?\s*([1-4])$/.test(s)) return `SEV${s.replace(/\D/g, '')}`;
  if (/^P([1-4])$/.test(s)) return `SEV${s[1]}`;
  return 'HIGH';
}
