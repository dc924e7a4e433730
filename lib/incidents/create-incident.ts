import type { Tx } from '@/lib/db';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { INCIDENT_LIST_CHANNEL } from '@/lib/realtime/bus';
import type { IncidentPlan } from '@/lib/rca/types';
import { recordTimelineEvent } from '@/lib/timeline/record-event';
import { IMPORTED_EVENT_KIND } from './constants';
import { slugify, uniqueSlug } from './slug';
import { countItems, writePlanContent } from './plan-content';
import { incidentSeverityFrom } from './severity';

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
 * (linked to the matching communication item), and the document's own
 * timeline as backdated "imported" timeline entries. The plan itself is
 * kept as JSON and the source verbatim, so nothing in the document is lost.
 */
export async function createIncidentFromPlan(
  tx: Tx,
  actor: Pick<SessionUser, 'id'> | null,
  input: { plan: IncidentPlan; sourceMarkdown: string },
): Promise<Mutation<{ id: string; slug: string }>> {
  const { plan, severity } = withIncidentSeverity(input.plan);
  const slug = await takeSlug(tx, plan.title);
  const incident = await tx.incident.create({
    data: {
      slug,
      title: plan.title.slice(0, 300),
      severity,
      impact: plan.impact,
      summary: plan.summary,
      planDate: plan.date,
      commanderId: actor?.id ?? null,
      createdById: actor?.id ?? null,
      sourceMarkdown: input.sourceMarkdown,
      planJson: JSON.stringify(plan),
    },
    select: { id: true, slug: true },
  });
  await writePlanContent(tx, incident.id, plan);

  // Same transaction as the import, so its audit entry (which counts them) and they commit together.
  // An event whose instant the document leaves unknown ("[???]") stays in the plan's events only:
  // a backdated entry needs a time.
  const timed = plan.events.filter((e): e is typeof e & { at: string } => e.at !== null);
  for (const event of timed) {
    await recordTimelineEvent(tx, {
      incidentId: incident.id,
      kind: IMPORTED_EVENT_KIND,
      summary: (event.text || event.atText).slice(0, 4000),
      actorId: actor?.id ?? null,
      at: new Date(event.at),
      data: { imported: true, atText: event.atText },
    });
  }

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
        importedEvents: timed.length,
        actionItems: plan.actionItems.length,
        warnings: plan.warnings.length,
        bytes: Buffer.byteLength(input.sourceMarkdown),
      },
    },
    timeline: {
      incidentId: incident.id,
      kind: 'import',
      summary: `Imported "${plan.title}": ${plan.findings.length} findings, ${plan.fixes.length} fixes, ${items} checklist items`,
    },
    publish: [{ channel: INCIDENT_LIST_CHANNEL, type: 'incident.listed', data: { slug } }],
  };
}
