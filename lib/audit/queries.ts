import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';

export const AuditFilter = z.object({
  action: z.string().trim().max(80).optional().catch(undefined),
  actor: z.string().trim().max(320).optional().catch(undefined),
  target: z.string().trim().max(120).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEntries(filter: AuditFilter) {
  const rows = await db.auditEntry.findMany({
    where: {
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.actor ? { actorEmail: { contains: filter.actor.toLowerCase() } } : {}),
      ...(filter.target ? { OR: [{ targetType: filter.target }, { targetId: filter.target }] } : {}),
      ...(filter.before ? { seq: { lt: filter.before } } : {}),
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
  return {
    rows: page,
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? (page.at(-1)?.seq ?? null) : null,
  };
}
