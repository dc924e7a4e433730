/**
 * What the live draft learned since a person started typing: the lines of
 * the current draft that were not in the draft they started from and are not
 * already in their text. Offered to insert, never written over their words.
 * "Next update by" moves every minute on its own, so it is not news. Pure.
 */
export function newDraftLines(startedFrom: string, current: string, written: string): string[] {
  const before = new Set(lines(startedFrom));
  const have = new Set(lines(written));
  return lines(current).filter((l) => !before.has(l) && !have.has(l) && !/^Next update by\b/.test(l));
}

/** The text with the new lines added at the end, each on its own line. */
export function insertDraftLines(written: string, added: string[]): string {
  if (!added.length) return written;
  const base = written.replace(/\s+$/, '');
  return base ? `${base}\n${added.join('\n')}` : added.join('\n');
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
