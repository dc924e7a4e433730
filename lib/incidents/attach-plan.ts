import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Mutation } from '@/lib/mutations/types';
import { incidentChannel } from '@/lib/realtime/bus';
import { IncidentPlanSchema, type IncidentPlan } from '@/lib/rca/types';
import { slugify } from './slug';
import { emptyPlan, mergePlans, writePlanContent } from './plan-content';
import { withIncidentSeverity } from './create-incident';
import { findIncidentOrThrow } from './update-incident';

/**
 * The open incident a document looks like (same title, or the same slug
 * with a -2 suffix): importing it again would make a second incident for
 * the same outage, so the importer asks first — attach, or create anyway.
 */
export async function findOpenMatch(tx: Tx, title: string) {
  const base = slugify(title);
  const candidates = await tx.incident.findMany({
    where: { resolvedAt: null, archivedAt: null, OR: [{ slug: { startsWith: base } }, { title }] },
    select: { id: true, slug: true, title: true, status: true },
    orderBy: { createdAt: 'desc' },
  });
  return (
    candidates.find(
      (c) =>
        c.slug === base ||
        new RegExp(`^${base.replace(/[-]/g, '\\-')}-\\d+$`).test(c.slug) ||
        c.title.trim().toLowerCase() === title.trim().toLowerCase(),
    ) ?? null
  );
}

/** An import that would duplicate an open incident: the refusal carries that incident so the form can offer to attach. */
export async function refuseDuplicate(tx: Tx, plan: IncidentPlan) {
  const match = await findOpenMatch(tx, plan.title);
  if (!match) return;
  throw new AppError(
    'conflict:incident-exists',
    `An open incident matches this document: "${match.title}" (${match.slug}, ${match.status}). Attach the plan to it, or create a new incident anyway.`,
    { current: match },
  );
}

/**
 * A plan attached to an incident that already runs: its checklists merge
 * into the incident's (same checklist, group and item text → kept once, the
 * existing item's ticks untouched), findings and fixes are added when new,
 * and the document is kept after any earlier one.
 */
export async function attachPlan(
  tx: Tx,
  input: { incidentId: string; plan: IncidentPlan; sourceMarkdown: string },
): Promise<Mutation<{ id: string; slug: string; added: Awaited<ReturnType<typeof writePlanContent>> }>> {
  const inc = await findIncidentOrThrow(tx, input.incidentId);
  if (inc.archivedAt)
    throw new AppError('conflict:incident-archived', `"${inc.title}" is archived; unarchive it first.`);
  const { plan } = withIncidentSeverity({ ...input.plan, severity: input.plan.severity ?? inc.severity });
  const row = await tx.incident.findUniqueOrThrow({
    where: { id: inc.id },
    select: { planJson: true, sourceMarkdown: true, impact: true, summary: true, planDate: true },
  });
  const stored = IncidentPlanSchema.safeParse(JSON.parse(row.planJson));
  const merged = mergePlans(stored.success ? stored.data : emptyPlan(inc.title, inc.severity), plan);
  const added = await writePlanContent(tx, inc.id, plan);
  await tx.incident.update({
    where: { id: inc.id },
    data: {
      planJson: JSON.stringify(merged),
      // Every attached document is kept verbatim, after the ones before it.
      sourceMarkdown: row.sourceMarkdown
        ? `${row.sourceMarkdown}\n\n<!-- warroom: document attached ${new Date().toISOString()} -->\n\n${input.sourceMarkdown}`
        : input.sourceMarkdown,
      impact: row.impact ?? plan.impact,
      summary: row.summary ?? plan.summary,
      planDate: row.planDate ?? plan.date,
    },
  });
  const summary =
    `Attached "${plan.title}": ${added.items} new checklist items` +
    (added.skippedItems ? ` (${added.skippedItems} already there)` : '') +
    `, ${added.findings} findings, ${added.fixes} fixes`;
  return {
    data: { id: inc.id, slug: inc.slug, added },
    audit: {
      action: 'incident.attach-plan',
      targetType: 'incident',
      targetId: inc.id,
      payload: { title: plan.title, ...added, bytes: Buffer.byteLength(input.sourceMarkdown) },
    },
    timeline: { incidentId: inc.id, kind: 'import', summary },
    publish: [
      { channel: incidentChannel(inc.id), type: 'checklist.structure', data: {} },
      { channel: incidentChannel(inc.id), type: 'incident.changed', data: { what: 'plan' } },
    ],
  };
}
