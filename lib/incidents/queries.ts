import 'server-only';
import { db } from '@/lib/db';
import { IncidentPlanSchema, type Evidence, type Script } from '@/lib/rca/types';
import { suggestTimeline } from '@/lib/rca/suggest-timeline';
import { openActionItemsByIncident } from '@/lib/postmortem/load-postmortem';
import { IMPORTED_EVENT_KIND } from './constants';

export type Progress = { done: number; total: number };

export async function checklistProgressByIncident(): Promise<Map<string, Progress>> {
  const rows = await db.$queryRaw<{ incidentId: string; total: bigint | number; done: bigint | number | null }[]>`
    SELECT c."incidentId" AS incidentId, count(*) AS total, sum(CASE WHEN i."done" THEN 1 ELSE 0 END) AS done
    FROM "ChecklistItem" i
    JOIN "ChecklistGroup" g ON g."id" = i."groupId"
    JOIN "Checklist" c ON c."id" = g."checklistId"
    GROUP BY c."incidentId"`;
  return new Map(rows.map((r) => [r.incidentId, { total: Number(r.total), done: Number(r.done ?? 0) }]));
}

/** The incident list: archived incidents are off it unless asked for. */
export async function listIncidents({ archived = false }: { archived?: boolean } = {}) {
  const [incidents, progress, actions] = await Promise.all([
    db.incident.findMany({
      where: { archivedAt: archived ? { not: null } : null },
      orderBy: [{ resolvedAt: { sort: 'asc', nulls: 'first' } }, { detectedAt: 'desc' }],
      take: 200,
      select: {
        id: true,
        slug: true,
        title: true,
        severity: true,
        status: true,
        detectedAt: true,
        startedAt: true,
        resolvedAt: true,
        commander: { select: { name: true, email: true } },
        // The list marks an incident whose update is overdue (the clock runs in the browser).
        cadences: {
          where: { active: true },
          select: { id: true, text: true, everyMinutes: true, startedAt: true, lastSentAt: true, audience: true },
        },
      },
    }),
    checklistProgressByIncident(),
    openActionItemsByIncident(),
  ]);
  return incidents.map((i) => ({
    ...i,
    progress: progress.get(i.id) ?? { done: 0, total: 0 },
    actionItems: actions.get(i.id) ?? { open: 0, total: 0 },
  }));
}

const USER_BRIEF = { select: { id: true, name: true, email: true } } as const;
const HOLDER = { select: { id: true, name: true, email: true, disabled: true } } as const;

export async function getIncidentBySlug(slug: string) {
  const incident = await db.incident.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      severity: true,
      status: true,
      impact: true,
      summary: true,
      planDate: true,
      startedAt: true,
      detectedAt: true,
      mitigatedAt: true,
      resolvedAt: true,
      planJson: true,
      rolesVersion: true,
      roleNotice: true,
      archivedAt: true,
      commander: HOLDER,
      commsLead: HOLDER,
      findings: { orderBy: { position: 'asc' } },
      fixes: { orderBy: { position: 'asc' } },
      checklists: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          kind: true,
          title: true,
          groups: {
            orderBy: { position: 'asc' },
            select: {
              id: true,
              title: true,
              items: {
                orderBy: { position: 'asc' },
                select: {
                  id: true,
                  text: true,
                  depth: true,
                  done: true,
                  doneAt: true,
                  comment: true,
                  playbookId: true,
                  runId: true,
                  evidence: true,
                  version: true,
                  doneBy: USER_BRIEF,
                  assignee: USER_BRIEF,
                },
              },
            },
          },
        },
      },
    },
  });
  if (!incident) return null;
  const plan = IncidentPlanSchema.safeParse(JSON.parse(incident.planJson));
  const p = plan.success ? plan.data : null;
  return {
    ...incident,
    planJson: undefined,
    findings: incident.findings.map((f) => ({ ...f, evidence: JSON.parse(f.evidence) as Evidence[] })),
    fixes: incident.fixes.map((f) => ({ ...f, scripts: JSON.parse(f.scripts) as Script[] })),
    notes: p?.notes ?? [],
    rollback: p?.rollback ?? [],
    estimatedTimeline: p?.timeline ?? [],
    recentChanges: p?.recentChanges ?? [],
    warnings: p?.warnings ?? [],
    events: p?.events ?? [],
    actionItems: p?.actionItems ?? [],
    lessons: p?.lessons ?? { wentWell: [], wentPoorly: [], lucky: [] },
    suggestedEvents: p ? suggestTimeline(p.findings) : [],
  };
}

export type IncidentDetail = NonNullable<Awaited<ReturnType<typeof getIncidentBySlug>>>;

export const TIMELINE_PAGE = 100;

export async function listTimeline(incidentId: string, before?: Date) {
  const rows = await db.timelineEvent.findMany({
    where: { incidentId, ...(before ? { at: { lt: before } } : {}) },
    orderBy: [{ at: 'desc' }, { recordedAt: 'desc' }],
    take: TIMELINE_PAGE + 1,
    select: {
      id: true,
      at: true,
      recordedAt: true,
      sourceTz: true,
      kind: true,
      summary: true,
      data: true,
      actor: { select: { name: true, email: true } },
    },
  });
  const events = rows
    .slice(0, TIMELINE_PAGE)
    .map(({ data, ...row }) => ({ ...row, atText: importedAtText(row.kind, data) }));
  return { events, hasMore: rows.length > TIMELINE_PAGE };
}

/** An imported event's timestamp as the document wrote it ("23:27", "14h02"), shown beside the instant. */
function importedAtText(kind: string, data: string): string | null {
  if (kind !== IMPORTED_EVENT_KIND) return null;
  try {
    const parsed = JSON.parse(data) as { atText?: unknown };
    return typeof parsed.atText === 'string' ? parsed.atText : null;
  } catch {
    return null;
  }
}

export async function getIncidentBrief(slug: string) {
  return db.incident.findUnique({ where: { slug }, select: { id: true, slug: true, title: true } });
}

export async function findIncidentIdBySlug(slug: string): Promise<string | null> {
  return (await db.incident.findUnique({ where: { slug }, select: { id: true } }))?.id ?? null;
}

/** Every script in every fix plan: the raw material playbooks are drafted from. */
export async function listFixScripts() {
  const fixes = await db.fix.findMany({
    orderBy: [{ incident: { detectedAt: 'desc' } }, { position: 'asc' }],
    take: 500,
    select: { id: true, title: true, phase: true, scripts: true, incident: { select: { slug: true, title: true } } },
  });
  return fixes.map((f) => ({ ...f, scripts: JSON.parse(f.scripts) as Script[] })).filter((f) => f.scripts.length > 0);
}
