import type { Tx } from '@/lib/db';
import { canonicalJson } from '@/lib/audit/hash';
import type { ImportedPostmortem } from './imported-postmortem';

/**
 * Writes what an imported document brings for the post-mortem (its
 * timeline events, action items, lessons) inside the import's transaction.
 */
export async function writeImportedPostmortem(
  tx: Tx,
  incidentId: string,
  actorId: string | null,
  extra: ImportedPostmortem,
): Promise<void> {
  if (extra.events.length) {
    await tx.timelineEvent.createMany({
      data: extra.events.map((e) => ({
        incidentId,
        at: e.at,
        kind: e.kind,
        summary: e.summary,
        data: canonicalJson(e.data),
      })),
    });
  }
  if (extra.actionItems.length) {
    await tx.actionItem.createMany({
      data: extra.actionItems.map((a, position) => ({ incidentId, position, ...a, createdById: actorId })),
    });
  }
  const lessons = Object.entries(extra.narrative);
  if (lessons.length) {
    await tx.postmortemSection.createMany({
      data: lessons.map(([section, body]) => ({ incidentId, section, body, updatedById: actorId })),
    });
  }
}
