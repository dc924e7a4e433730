import 'server-only';
import { db } from '@/lib/db';
import { publicTitleOf } from './public-draft';

const PUBLIC_UPDATES = 50;

/**
 * Everything the anonymous status page may show, and nothing else: the
 * public title (never the internal one), the public summary, the current
 * status, and the PUBLIC updates (body and time) — and only once there is at
 * least one public update and the page is not disabled. The
 * narrow select is the guard — no authors, findings, hosts, checklists,
 * timeline or internal updates are ever read for this page.
 */
export async function getPublicStatus(slug: string) {
  const incident = await db.incident.findUnique({
    where: { slug },
    select: {
      publicTitle: true,
      publicSummary: true,
      status: true,
      publicPageDisabled: true,
      statusUpdates: {
        where: { audience: 'public' },
        orderBy: { publishedAt: 'desc' },
        take: PUBLIC_UPDATES,
        select: { id: true, body: true, publishedAt: true },
      },
    },
  });
  // Nothing public yet, or turned off for this incident: the page does not exist. Slugs are
  // guessable, so answering with the title and status would tell anyone about every incident.
  if (!incident || incident.publicPageDisabled || incident.statusUpdates.length === 0) return null;
  return {
    title: publicTitleOf(incident),
    summary: incident.publicSummary,
    status: incident.status,
    updates: incident.statusUpdates.map((u) => ({ id: u.id, body: u.body, publishedAt: u.publishedAt.toISOString() })),
  };
}

export type PublicStatus = NonNullable<Awaited<ReturnType<typeof getPublicStatus>>>;
