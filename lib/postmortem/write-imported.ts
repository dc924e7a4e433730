import type { Tx } from '@/lib/db';
import { canonicalJson } from '@/lib/audit/hash';
import { insertMany } from '@/lib/mutations/insert-many';
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
  // An export of a long incident holds tens of thousands of events: a few multi-row statements.
  await insertMany(
    tx,
    'TimelineEvent',
    extra.events.map((e) => ({
      incidentId,
      at: e.at,
      kind: e.kind,
      summary: e.summary,
      data: canonicalJson(e.data),
    })),
  );
  await insertMany(
    tx,
    'ActionItem',
    extra.actionItems.map((a, position) => ({ incidentId, position, ...a, createdById: actorId })),
  );
  const lessons = Object.entries(extra.narrative);
  if (lessons.length) {
    await tx.postmortemSection.createMany({
      data: lessons.map(([section, body]) => ({ incidentId, section, body, updatedById: actorId })),
    });
  }
}
