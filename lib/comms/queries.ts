import 'server-only';
import { db } from '@/lib/db';
import { nextDueAt } from './cadence';
import { draftStatusUpdate } from './draft-update';
import { publicDraft, publicTitleOf } from './public-draft';

const RECENT_UPDATES = 20;
const DRAFT_EVENTS = 300;

/** What the incident page's communication panel shows; webhooks only for those who manage them. */
export async function getCommsPanel(incidentId: string, opts: { withWebhooks: boolean; withDraft: boolean }) {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: {
      id: true,
      slug: true,
      status: true,
      severity: true,
      publicPageDisabled: true,
      publicTitle: true,
      publicSummary: true,
      cadences: {
        where: { active: true },
        orderBy: { startedAt: 'asc' },
        select: {
          id: true,
          text: true,
          everyMinutes: true,
          startedAt: true,
          lastSentAt: true,
          lastMissedAt: true,
          linkedItemId: true,
          audience: true,
        },
      },
      statusUpdates: {
        orderBy: { publishedAt: 'desc' },
        take: RECENT_UPDATES,
        select: { id: true, body: true, audience: true, publishedAt: true, author: { select: { name: true } } },
      },
    },
  });
  if (!incident) return null;
  const linkedIds = incident.cadences.map((c) => c.linkedItemId).filter((x): x is string => Boolean(x));
  const linkedItems = linkedIds.length
    ? await db.checklistItem.findMany({
        where: { id: { in: linkedIds } },
        select: { id: true, text: true, done: true },
      })
    : [];
  const webhooks = opts.withWebhooks
    ? await db.incidentWebhook.findMany({
        where: { incidentId },
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          name: true,
          urlHint: true,
          active: true,
          audience: true,
          createdAt: true,
          // The last delivery (an update or a test): what the webhook list says about it.
          deliveries: {
            orderBy: { requestedAt: 'desc' },
            take: 1,
            select: {
              id: true,
              kind: true,
              status: true,
              attempts: true,
              detail: true,
              requestedAt: true,
              finishedAt: true,
            },
          },
        },
      })
    : [];
  const lastUpdate = incident.statusUpdates[0] ?? null;
  const draft = opts.withDraft ? await buildDraft(incident, lastUpdate?.publishedAt ?? null) : '';
  const publicDraftText = opts.withDraft
    ? publicDraft({
        status: incident.status,
        publicSummary: incident.publicSummary,
        nextUpdateBy: nextUpdateBy(incident, 'public'),
      })
    : '';
  // The preview names every hook an update will reach (names only; URLs stay write-only).
  const previewHooks = opts.withDraft
    ? await db.incidentWebhook.findMany({
        where: { incidentId, active: true },
        orderBy: { createdAt: 'asc' },
        select: { id: true, name: true },
      })
    : [];
  return {
    ...incident,
    linkedItems: Object.fromEntries(linkedItems.map((i) => [i.id, i])),
    webhooks,
    draft,
    publicDraft: publicDraftText,
    publicTitleShown: publicTitleOf(incident),
    previewHooks,
    draftKey: lastUpdate?.id ?? 'first',
  };
}

export type CommsPanel = NonNullable<Awaited<ReturnType<typeof getCommsPanel>>>;

async function buildDraft(
  incident: {
    id: string;
    status: string;
    severity: string;
    cadences: { everyMinutes: number; startedAt: Date; lastSentAt: Date | null; audience: string }[];
  },
  since: Date | null,
): Promise<string> {
  const events = await db.timelineEvent.findMany({
    where: { incidentId: incident.id, ...(since ? { at: { gt: since } } : {}) },
    orderBy: [{ at: 'asc' }, { recordedAt: 'asc' }],
    take: DRAFT_EVENTS,
    select: { kind: true, summary: true, at: true, data: true },
  });
  const parsed = events.map((e) => ({ ...e, data: parseData(e.data) }));
  const itemIds = parsed
    .filter((e) => e.kind === 'checklist')
    .map((e) => e.data?.itemId)
    .filter((x): x is string => typeof x === 'string');
  const items = itemIds.length
    ? Object.fromEntries(
        (
          await db.checklistItem.findMany({
            where: { id: { in: [...new Set(itemIds)] } },
            select: { id: true, text: true, done: true },
          })
        ).map((i) => [i.id, i]),
      )
    : {};
  return draftStatusUpdate({
    status: incident.status,
    severity: incident.severity,
    events: parsed,
    since,
    items,
    nextUpdateBy: nextUpdateBy(incident, 'internal'),
  });
}

/**
 * The next update is owed one shortest period after now. The public draft
 * counts only public cadences (the public is promised nothing else, and
 * internal rhythms are not theirs to read); the team's draft counts every
 * cadence, since the team keeps them all.
 */
function nextUpdateBy(
  incident: { cadences: { everyMinutes: number; audience: string }[] },
  audience: 'internal' | 'public',
): Date | null {
  const shortest = incident.cadences
    .filter((c) => audience === 'internal' || c.audience === 'public')
    .reduce<number | null>((m, c) => (m === null || c.everyMinutes < m ? c.everyMinutes : m), null);
  return shortest === null ? null : nextDueAt({ everyMinutes: shortest, startedAt: new Date(), lastSentAt: null });
}

function parseData(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
