import 'server-only';
import { db } from '@/lib/db';
import { EVENTS_PER_MUTATION } from './bus';

/**
 * A cursor for a page about to render: every mutation event after it was
 * committed after this moment. Read it BEFORE the page's data and hand it to
 * useChannel({ since }), and a change made between the render and the
 * stream's first connection is replayed instead of lost (a replayed event
 * the render already showed is harmless: versions decide).
 */
export async function streamCursorNow(): Promise<number> {
  const last = await db.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } });
  return (last?.seq ?? 0) * EVENTS_PER_MUTATION + EVENTS_PER_MUTATION - 1;
}
