import 'server-only';
import { db } from '@/lib/db';

const PUBLIC_UPDATES = 50;

/**
 * Everything the anonymous status page may show, and nothing else: the
 * title, the current status, and the PUBLIC updates (body and time). The
 * narrow select is the guard — no authors, findings, hosts, checklists,
 * timeline or internal updates are ever read for this page.
 */
export async function getPublicStatus(slug: string) {
  const incident = await db.incident.findUnique({
    where: { slug },
    select: {
      title: true,
      status: true,
      statusUpdates: {
        where: { audience: 'public' },
        orderBy: { publishedAt: 'desc' },
        take: PUBLIC_UPDATES,
        select: { id: true, body: true, publishedAt: true },
      },
    },
  });
  if (!incident) return null;
  return {
    title: incident.title,
    status: incident.status,
    updates: incident.statusUpdates.map((u) => ({ id: u.id, body: u.body, publishedAt: u.publishedAt.toISOString() })),
  };
}

export type PublicStatus = NonNullable<Awaited<ReturnType<typeof getPublicStatus>>>;
