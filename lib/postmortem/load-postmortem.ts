import 'server-only';
import { db } from '@/lib/db';
import { incidentDurations } from '@/lib/incidents/durations';
import { IncidentPlanSchema, type Evidence, type Script } from '@/lib/rca/types';
import type { FixPhase } from '@/lib/rca/types';
import { KEY_KINDS } from './analyze';
import { loadRuns } from './load-runs';
import {
  NARRATIVE_SECTIONS,
  POSTMORTEM_SCHEMA_VERSION,
  type NarrativeEntry,
  type NarrativeSection,
  type Postmortem,
  type PostmortemEvent,
} from './schema';

/**
 * The post-mortem of one incident, read from the database in one pass.
 * Selects are explicit: no encrypted column (webhook URL, host key) is ever
 * read here, so none can reach an export.
 *
 * `timeline: 'all'` is for exports; the page asks for `'key'` (the events the
 * draft and the chart need) and pages through the rest with listTimelinePage.
 */
export async function loadPostmortem(
  slug: string,
  opts: { timeline: 'all' | 'key'; now?: Date } = { timeline: 'all' },
): Promise<Postmortem | null> {
  const inc = await db.incident.findUnique({
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
      planJson: true,
      startedAt: true,
      detectedAt: true,
      mitigatedAt: true,
      resolvedAt: true,
      commander: PERSON,
      commsLead: PERSON,
      findings: { orderBy: { position: 'asc' } },
      fixes: { orderBy: { position: 'asc' } },
      checklists: {
        orderBy: { position: 'asc' },
        select: {
          kind: true,
          title: true,
          groups: {
            orderBy: { position: 'asc' },
            select: {
              title: true,
              items: {
                orderBy: { position: 'asc' },
                select: {
                  text: true,
                  depth: true,
                  done: true,
                  doneAt: true,
                  comment: true,
                  doneBy: PERSON,
                  assignee: PERSON,
                },
              },
            },
          },
        },
      },
      cadences: {
        orderBy: { startedAt: 'asc' },
        select: { text: true, everyMinutes: true, active: true, lastSentAt: true, lastMissedAt: true },
      },
      statusUpdates: {
        orderBy: { publishedAt: 'asc' },
        select: { body: true, audience: true, publishedAt: true, author: PERSON },
      },
      webhooks: { orderBy: { createdAt: 'asc' }, select: { name: true, urlHint: true, active: true } },
      postmortemSections: { select: { section: true, body: true, version: true, updatedAt: true, updatedById: true } },
      actionItems: {
        orderBy: { position: 'asc' },
        select: { id: true, text: true, done: true, owner: true, due: true, link: true, sourceType: true },
      },
    },
  });
  if (!inc) return null;

  const events = await db.timelineEvent.findMany({
    where: {
      incidentId: inc.id,
      ...(opts.timeline === 'key'
        ? {
            OR: [
              { kind: { in: [...KEY_KINDS] } },
              { kind: { startsWith: 'playbook' } },
              { data: { contains: KEY_MARK } },
              // Status and severity changes a re-imported export brought back.
              { kind: 'imported', summary: { startsWith: 'Status ' } },
              { kind: 'imported', summary: { startsWith: 'Severity ' } },
            ],
          }
        : {}),
    },
    orderBy: [{ at: 'asc' }, { recordedAt: 'asc' }],
    select: { at: true, kind: true, summary: true, sourceTz: true, data: true, actor: PERSON },
  });

  const editorIds = inc.postmortemSections.map((s) => s.updatedById).filter((x): x is string => Boolean(x));
  const editors = new Map(
    (await db.user.findMany({ where: { id: { in: editorIds } }, select: { id: true, ...PERSON.select } })).map((u) => [
      u.id,
      { name: u.name, email: u.email },
    ]),
  );
  const narrative = Object.fromEntries(
    NARRATIVE_SECTIONS.map((key): [NarrativeSection, NarrativeEntry] => {
      const row = inc.postmortemSections.find((s) => s.section === key);
      return [
        key,
        row
          ? {
              body: row.body,
              version: row.version,
              updatedAt: row.updatedAt.toISOString(),
              updatedBy: row.updatedById ? (editors.get(row.updatedById) ?? null) : null,
            }
          : { body: '', version: 0, updatedAt: null, updatedBy: null },
      ];
    }),
  ) as Postmortem['narrative'];

  const parsedPlan = IncidentPlanSchema.safeParse(JSON.parse(inc.planJson));
  const plan = parsedPlan.success ? parsedPlan.data : null;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);

  return {
    schemaVersion: POSTMORTEM_SCHEMA_VERSION,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    incident: {
      slug: inc.slug,
      title: inc.title,
      severity: inc.severity,
      status: inc.status,
      impact: inc.impact,
      summary: inc.summary,
      planDate: inc.planDate,
      startedAt: iso(inc.startedAt),
      detectedAt: inc.detectedAt.toISOString(),
      mitigatedAt: iso(inc.mitigatedAt),
      resolvedAt: iso(inc.resolvedAt),
      commander: inc.commander,
      commsLead: inc.commsLead,
    },
    durations: incidentDurations(inc),
    findings: inc.findings.map((f) => ({
      title: f.title,
      severity: f.severity,
      status: f.status,
      rootCause: f.rootCause,
      evidence: JSON.parse(f.evidence) as Evidence[],
      impact: f.impact,
      codeLocation: f.codeLocation,
      details: f.details,
    })),
    fixes: inc.fixes.map((f) => ({
      phase: f.phase as FixPhase,
      phaseTitle: f.phaseTitle,
      title: f.title,
      body: f.body,
      ...(f.priority ? { priority: f.priority } : {}),
      ...(f.time ? { time: f.time } : {}),
      scripts: JSON.parse(f.scripts) as Script[],
    })),
    checklists: inc.checklists.map((c) => ({
      kind: c.kind,
      title: c.title,
      groups: c.groups.map((g) => ({
        title: g.title,
        items: g.items.map((i) => ({ ...i, doneAt: iso(i.doneAt) })),
      })),
    })),
    cadences: inc.cadences.map((c) => ({ ...c, lastSentAt: iso(c.lastSentAt), lastMissedAt: iso(c.lastMissedAt) })),
    statusUpdates: inc.statusUpdates.map((u) => ({
      at: u.publishedAt.toISOString(),
      audience: u.audience,
      body: u.body,
      author: u.author,
    })),
    timeline: events.map(toEvent),
    runs: await loadRuns(inc.id),
    narrative,
    actionItems: inc.actionItems.map((a) => ({
      id: a.id,
      text: a.text,
      done: a.done,
      owner: a.owner,
      due: a.due,
      link: a.link,
      source: a.sourceType,
    })),
    reference: {
      notes: plan?.notes ?? [],
      rollback: plan?.rollback ?? [],
      recentChanges: plan?.recentChanges ?? [],
      estimatedTimeline: plan?.timeline ?? [],
    },
    webhooks: inc.webhooks,
  };
}

const PERSON = { select: { name: true, email: true } } as const;

/** How a note marked key for the post-mortem is recognised in TimelineEvent.data (canonical JSON). */
export const KEY_MARK = '"postmortemKey":true';

function toEvent(e: {
  at: Date;
  kind: string;
  summary: string;
  sourceTz: string | null;
  data: string;
  actor: { name: string; email: string } | null;
}): PostmortemEvent {
  return {
    at: e.at.toISOString(),
    kind: e.kind,
    summary: e.summary,
    actor: e.actor,
    sourceTz: e.sourceTz,
    key: e.data.includes(KEY_MARK),
  };
}

export const TIMELINE_PAGE_SIZE = 200;

/** One page of the full timeline, oldest first, for the post-mortem's "full timeline". */
export async function listTimelinePage(slug: string, page: number) {
  const inc = await db.incident.findUnique({ where: { slug }, select: { id: true } });
  if (!inc) return null;
  const total = await db.timelineEvent.count({ where: { incidentId: inc.id } });
  const pages = Math.max(1, Math.ceil(total / TIMELINE_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await db.timelineEvent.findMany({
    where: { incidentId: inc.id },
    orderBy: [{ at: 'asc' }, { recordedAt: 'asc' }],
    skip: (current - 1) * TIMELINE_PAGE_SIZE,
    take: TIMELINE_PAGE_SIZE,
    select: { id: true, at: true, kind: true, summary: true, sourceTz: true, data: true, actor: PERSON },
  });
  return { total, page: current, pages, events: rows.map((r) => ({ id: r.id, ...toEvent(r) })) };
}

/** The ids the page's editors need (kept out of the exported model). */
export async function loadPostmortemEditing(slug: string) {
  const inc = await db.incident.findUnique({
    where: { slug },
    select: {
      id: true,
      fixes: { where: { phase: 'long' }, orderBy: { position: 'asc' }, select: { id: true, title: true } },
      actionItems: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          text: true,
          done: true,
          owner: true,
          due: true,
          link: true,
          version: true,
          sourceType: true,
          sourceId: true,
        },
      },
      checklists: {
        orderBy: { position: 'asc' },
        select: {
          title: true,
          groups: {
            orderBy: { position: 'asc' },
            select: {
              title: true,
              items: { where: { done: false }, orderBy: { position: 'asc' }, select: { id: true, text: true } },
            },
          },
        },
      },
    },
  });
  if (!inc) return null;
  const promoted = new Set(inc.actionItems.map((a) => `${a.sourceType}:${a.sourceId}`));
  return {
    incidentId: inc.id,
    longTermFixes: inc.fixes.map((f) => ({ ...f, promoted: promoted.has(`fix:${f.id}`) })),
    undoneItems: inc.checklists.flatMap((c) =>
      c.groups.flatMap((g) =>
        g.items.map((i) => ({
          ...i,
          where: `${c.title} › ${g.title}`,
          promoted: promoted.has(`checklist-item:${i.id}`),
        })),
      ),
    ),
    actionItems: inc.actionItems.map(({ sourceId: _s, ...a }) => a),
  };
}

export type PostmortemEditing = NonNullable<Awaited<ReturnType<typeof loadPostmortemEditing>>>;

/** Open action items per incident, for the incident list. */
export async function openActionItemsByIncident(): Promise<Map<string, { open: number; total: number }>> {
  const rows = await db.actionItem.groupBy({ by: ['incidentId', 'done'], _count: { _all: true } });
  const out = new Map<string, { open: number; total: number }>();
  for (const r of rows) {
    const cur = out.get(r.incidentId) ?? { open: 0, total: 0 };
    cur.total += r._count._all;
    if (!r.done) cur.open += r._count._all;
    out.set(r.incidentId, cur);
  }
  return out;
}
