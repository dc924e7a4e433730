import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { describeTargets, type TargetName } from './describe-targets';

const Text = (max: number) => z.string().trim().max(max).optional().catch(undefined);
/** "2026-01-12" or "2026-01-12T05:54" from a date/datetime-local input; read as UTC. */
const When = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/)
  .optional()
  .catch(undefined);

export const AuditFilter = z.object({
  action: Text(80),
  actor: Text(320),
  target: Text(120),
  /** An incident's slug: everything that happened to it or on its timeline. */
  incident: Text(200),
  from: When,
  to: When,
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AUDIT_PAGE_SIZE = 50;

const utc = (text: string, endOfDay: boolean) =>
  new Date(text.length === 10 ? `${text}T${endOfDay ? '23:59:59.999' : '00:00:00'}Z` : `${text}Z`);

export type AuditRow = {
  seq: number;
  at: Date;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  payload: string;
  hash: string;
  target: TargetName;
};

export async function listAuditEntries(filter: AuditFilter): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  let incidentWhere = {};
  if (filter.incident) {
    const incident = await db.incident.findUnique({ where: { slug: filter.incident }, select: { id: true } });
    // A deleted incident is still in the log: its entries name it by id.
    const incidentId =
      incident?.id ??
      (
        await db.auditEntry.findFirst({
          where: { action: 'incident.delete', payload: { contains: `"slug":"${filter.incident}"` } },
          select: { targetId: true },
        })
      )?.targetId ??
      '-';
    const seqs = (
      await db.timelineEvent.findMany({
        where: { incidentId, auditSeq: { not: null } },
        select: { auditSeq: true },
        take: 20_000,
      })
    ).map((t) => t.auditSeq!);
    incidentWhere = { OR: [{ targetType: 'incident', targetId: incidentId }, { seq: { in: seqs } }] };
  }
  const rows = await db.auditEntry.findMany({
    where: {
      AND: [
        filter.action ? { action: { startsWith: filter.action } } : {},
        filter.actor ? { actorEmail: { contains: filter.actor.toLowerCase() } } : {},
        filter.target ? { OR: [{ targetType: filter.target }, { targetId: filter.target }] } : {},
        filter.from ? { at: { gte: utc(filter.from, false) } } : {},
        filter.to ? { at: { lte: utc(filter.to, true) } } : {},
        filter.before ? { seq: { lt: filter.before } } : {},
        incidentWhere,
      ],
    },
    orderBy: { seq: 'desc' },
    take: AUDIT_PAGE_SIZE + 1,
    select: {
      seq: true,
      at: true,
      actorEmail: true,
      action: true,
      targetType: true,
      targetId: true,
      payload: true,
      hash: true,
    },
  });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const names = await describeTargets(page);
  return {
    rows: page.map((r) => ({
      ...r,
      target: names.get(r.seq) ?? { kind: r.targetType, label: r.targetId ?? r.targetType, href: null, context: null },
    })),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? (page.at(-1)?.seq ?? null) : null,
  };
}

/** The incidents the filter offers, archived ones too. */
export function listIncidentsForFilter() {
  return db.incident.findMany({ select: { slug: true, title: true }, orderBy: { detectedAt: 'desc' }, take: 500 });
}
