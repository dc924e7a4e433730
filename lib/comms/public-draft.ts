import { formatUtcTime } from './cadence';

/**
 * The template a public update starts from: the status in plain words, the
 * impact as the public summary says it, and when the next update is due.
 * Built from these three facts only — never from notes, names, checklist
 * text or the internal title — so what reaches the status page has been
 * written for the public. Pure.
 */
export const PUBLIC_TITLE_FALLBACK = 'Service incident';

const STATUS_WORDS: Record<string, string> = {
  investigating: 'We are investigating an issue.',
  identified: 'We have identified the cause and are working on a fix.',
  monitoring: 'A fix is in place and we are monitoring the results.',
  resolved: 'This incident is resolved.',
};

export function publicStatusWords(status: string): string {
  return STATUS_WORDS[status] ?? 'We are working on an issue.';
}

export function publicDraft(input: {
  status: string;
  publicSummary: string | null;
  nextUpdateBy: Date | null;
}): string {
  const lines = [`Status: ${input.status} — ${publicStatusWords(input.status)}`];
  const impact = input.publicSummary?.trim();
  lines.push(`Impact: ${impact || 'Some users may be affected.'}`);
  if (input.nextUpdateBy && input.status !== 'resolved') {
    lines.push(`Next update by ${formatUtcTime(input.nextUpdateBy)}.`);
  }
  return lines.join('\n');
}

/** The name the public sees: the public title, or a neutral one — never the internal document's title. */
export function publicTitleOf(incident: { publicTitle: string | null }): string {
  return incident.publicTitle?.trim() || PUBLIC_TITLE_FALLBACK;
}
