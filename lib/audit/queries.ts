import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { describeTargets, type TargetName } from './describe-targets';
import { UTC, wallTimeToUtc } from '@/lib/time/format-time';

const Text = (max: number) => z.string().trim().max(max).optional().catch(undefined);
/** "2026-01-12" or "2026-01-12T05:54" from a date/datetime-local input; read in the viewer's zone (the label says which). */
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

function inZone(text: string, zone: string, endOfDay: boolean): Date {
  const [date = '', time = endOfDay ? '23:59:59' : '00:00:00'] = text.split('T');
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const [hour = 0, minute = 0, second = endOfDay && time.length === 5 ? 59 : 0] = time.split(':').map(Number);
  const at = wallTimeToUtc({ year, month, day, hour, minute, second }, zone);
  return endOfDay ? new Date(at.getTime() + 999) : at;
}

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

export async function listAuditEntries(
  filter: AuditFilter,
  zone: string = UTC,
): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
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
        filter.from ? { at: { gte: inZone(filter.from, zone, false) } } : {},
        filter.to ? { at: { lte: inZone(filter.to, zone, true) } } : {},
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
