import type { Tx } from '@/lib/db';
import { canonicalJson } from '@/lib/audit/hash';

export type TimelineInput = {
  incidentId?: string | null;
  kind: string;
  summary: string;
  actorId?: string | null;
  data?: unknown;
  /** When it happened, if not now (backdated notes). */
  at?: Date;
  /** The zone the time was given in ("CST"), shown on hover. */
  sourceTz?: string | null;
  auditSeq?: number;
};

export async function recordTimelineEvent(tx: Tx, input: TimelineInput): Promise<{ id: string; at: Date }> {
  const row = await tx.timelineEvent.create({
    data: {
      incidentId: input.incidentId ?? null,
      kind: input.kind,
      summary: input.summary,
      actorId: input.actorId ?? null,
      data: canonicalJson(input.data ?? {}),
      at: input.at ?? new Date(),
      sourceTz: input.sourceTz ?? null,
      auditSeq: input.auditSeq ?? null,
    },
    select: { id: true, at: true },
  });
  return row;
}
