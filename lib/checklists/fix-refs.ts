/**
 * "Kill zombie processes (Fix 1)" → text and a link to Fix 1 of the plan.
 * Items in RCA checklists point at fixes by number ("Fix 2 - Option A",
 * "After Fix 3-5"); each "Fix N" becomes a link to the fix's anchor.
 */
export type TextPart = { text: string; fix?: number };

export function fixAnchor(n: number): string {
  return `fix-${n}`;
}

/** The number a fix's own title starts with ("Fix 3: Improve …" → 3), or null. */
export function fixNumber(title: string): number | null {
  const m = /^\s*Fix\s+(\d+)\b/i.exec(title);
  return m ? Number(m[1]) : null;
}

export function splitFixRefs(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const re = /\bFix\s+(\d+)\b/gi;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ text: m[0], fix: Number(m[1]) });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
