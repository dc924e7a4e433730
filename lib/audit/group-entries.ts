/**
 * The audit log as people read it: a run of the same system event (a short
 * cadence writes `comms.cadence-missed` every few minutes) folds into one
 * row with a count and a time span; everything a person did stays one row
 * each. Pure: the page groups what the query returned.
 */
export type GroupableEntry = { seq: number; at: Date; actorEmail: string | null; action: string };

export type EntryGroup<E extends GroupableEntry> = { first: E; entries: E[] };

const isSystem = (actor: string | null) => !actor || actor.startsWith('system:');

export function groupNoisyEntries<E extends GroupableEntry>(rows: E[]): EntryGroup<E>[] {
  const out: EntryGroup<E>[] = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (
      last &&
      isSystem(row.actorEmail) &&
      last.first.actorEmail === row.actorEmail &&
      last.first.action === row.action
    ) {
      last.entries.push(row);
    } else {
      out.push({ first: row, entries: [row] });
    }
  }
  return out;
}
