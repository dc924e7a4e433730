import type { Tx } from '@/lib/db';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { INCIDENT_LIST_CHANNEL } from '@/lib/realtime/bus';
import type { IncidentPlan } from '@/lib/rca/types';
import { slugify, uniqueSlug } from './slug';
import { countItems, writePlanContent } from './plan-content';
import { incidentSeverityFrom } from './severity';
import { importedPostmortem } from '@/lib/postmortem/imported-postmortem';
import { writeImportedPostmortem } from '@/lib/postmortem/write-imported';

/** A plan as it is stored: the severity read onto SEV1–SEV4, its warning (if any) kept with the others. */
export function withIncidentSeverity(plan: IncidentPlan): { plan: IncidentPlan; severity: string } {
  const { severity, warning } = incidentSeverityFrom(plan.severity);
  return { plan: warning ? { ...plan, warnings: [...plan.warnings, warning] } : plan, severity };
}

export async function takeSlug(tx: Tx, title: string): Promise<string> {
  const base = slugify(title);
  const taken = new Set(
    (await tx.incident.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((r) => r.slug),
  );
  return uniqueSlug(base, taken);
}

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
  const { plan, severity } = withIncidentSeverity(input.plan);
  const slug = await takeSlug(tx, plan.title);
  const extra = importedPostmortem(plan);
  const incident = await tx.incident.create({
    data: {
      slug,
      title: plan.title.slice(0, 300),
      severity,
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
  await writePlanContent(tx, incident.id, plan);
  // What the document says happened, what is owed, what was learned.
  await writeImportedPostmortem(tx, incident.id, actor?.id ?? null, extra);
  const items = countItems(plan);
  return {
    data: incident,
    audit: {
      action: 'incident.import',
      targetType: 'incident',
      targetId: incident.id,
      payload: {
        slug,
        title: plan.title,
        severity,
        findings: plan.findings.length,
        fixes: plan.fixes.length,
        checklistItems: items,
        cadences: plan.cadences.length,
        importedEvents: extra.events.length,
        actionItems: extra.actionItems.length,
        lessons: Object.keys(extra.narrative),
        warnings: plan.warnings.length,
        bytes: Buffer.byteLength(input.sourceMarkdown),
      },
    },
    timeline: {
      incidentId: incident.id,
      kind: 'import',
      summary: `Imported "${plan.title}": ${plan.findings.length} findings, ${plan.fixes.length} fixes, ${items} checklist items${extra.events.length ? `, ${extra.events.length} timeline events` : ''}${extra.actionItems.length ? `, ${extra.actionItems.length} action items` : ''}`,
    },
    publish: [{ channel: INCIDENT_LIST_CHANNEL, type: 'incident.listed', data: { slug } }],
  };
}
