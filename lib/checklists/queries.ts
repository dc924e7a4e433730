import 'server-only';
import { db } from '@/lib/db';

export type ItemComment = { at: string; by: string | null; text: string };

/**
 * Every comment each item got, oldest first: the item keeps only its latest
 * comment, the timeline keeps them all (lib/checklists/mutations commentItem
 * writes the text into the event's data).
 */
export async function listItemComments(incidentId: string): Promise<Record<string, ItemComment[]>> {
  const events = await db.timelineEvent.findMany({
    where: { incidentId, kind: 'checklist', data: { contains: '"comment":"' } },
    orderBy: [{ at: 'asc' }, { recordedAt: 'asc' }],
    take: 2000,
    select: { at: true, data: true, actor: { select: { name: true } } },
  });
  const out: Record<string, ItemComment[]> = {};
  for (const e of events) {
    const data = JSON.parse(e.data) as { itemId?: unknown; comment?: unknown };
    if (typeof data.itemId !== 'string' || typeof data.comment !== 'string' || !data.comment) continue;
    (out[data.itemId] ??= []).push({ at: e.at.toISOString(), by: e.actor?.name ?? null, text: data.comment });
  }
  return out;
}
