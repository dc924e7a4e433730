import { findTimestamps } from '@/lib/rca/suggest-timeline';
import { formatOffset, UTC, wallTimeToUtc, zoneAbbreviation, zoneOffsetMinutes } from '@/lib/time/format-time';

/**
 * Reads the "when" of a backdated note. A written zone wins ("… 21:12 CST");
 * without one the time is read in the zone the form said it reads — the
 * viewer's, sent by the browser — never silently as UTC: `2026-11-30 21:12`
 * typed in a Chicago browser is 03:12 UTC the next day. `sourceTz` records
 * the zone the text was read in, for the timeline's hover.
 */
export function parseNoteTime(text: string, viewerZone: string = UTC): { at: Date; sourceTz: string | null } | null {
  const found = findTimestamps(text, { defaultZone: UTC })[0];
  if (found && !found.zoneAssumed) {
    // The table reads "CST" as China (the reference incident's zone); typed by someone whose own
    // clock says CST (Chicago in winter), it means their zone. Their own abbreviation is theirs.
    const own = viewerZone === UTC ? null : zoneAbbreviation(viewerZone, new Date(found.at));
    if (own && own === found.timeZone) {
      const offset = zoneOffsetMinutes(viewerZone, Date.parse(found.at));
      const mine = findTimestamps(text, { defaultZone: UTC, zoneOffsets: { [own]: offset } })[0];
      if (mine) {
        const at = new Date(mine.at);
        const settled = zoneOffsetMinutes(viewerZone, at.getTime());
        return { at, sourceTz: `${viewerZone} ${own} (${formatOffset(settled)})` };
      }
    }
    return { at: new Date(found.at), sourceTz: `${found.timeZone} (UTC${found.utcOffset})` };
  }
  if (found) {
    // Read as UTC, its UTC fields are the wall time the person typed.
    const wall = new Date(found.at);
    const at = wallTimeToUtc(
      {
        year: wall.getUTCFullYear(),
        month: wall.getUTCMonth() + 1,
        day: wall.getUTCDate(),
        hour: wall.getUTCHours(),
        minute: wall.getUTCMinutes(),
        second: wall.getUTCSeconds(),
      },
      viewerZone,
    );
    if (viewerZone === UTC) return { at, sourceTz: null };
    const offset = formatOffset(zoneOffsetMinutes(viewerZone, at.getTime()));
    return { at, sourceTz: `${viewerZone} ${zoneAbbreviation(viewerZone, at)} (${offset})` };
  }
  // Only an explicit instant is left ("2026-01-08T05:54:07Z", a Unix-style date with its zone):
  // a bare date would be read in the server's zone, which nobody typed in.
  if (!/(?:Z|[+-]\d{2}:?\d{2}|GMT|UTC)\s*$/i.test(text.trim())) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : { at: d, sourceTz: null };
}
