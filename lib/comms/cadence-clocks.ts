import 'server-only';
import { db } from '@/lib/db';
import type { CadenceClock } from './cadence';

/** The running cadences' clocks only — what the tab title and favicon need to know whether an update is overdue. */
export async function listCadenceClocks(incidentId: string): Promise<CadenceClock[]> {
  return db.cadence.findMany({
    where: { incidentId, active: true },
    select: { everyMinutes: true, startedAt: true, lastSentAt: true },
  });
}
