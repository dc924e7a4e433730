/**
 * Which playbook a checklist item probably means, for the import to
 * suggest and a commander to confirm (never linked without that). Rules
 * over the item's words, first match wins; only names that exist are
 * suggested. Pure.
 */
const RULES: { pattern: RegExp; playbook: string }[] = [
  {
    pattern: /\b(kill|zombie|stale)\b.*\bprocess|\bfree (the )?port\b|EADDRINUSE|\bFix 1\b/i,
    playbook: 'free-port-and-restart',
  },
  { pattern: /\bhealth[- ]?check|\bFix 4\b/i, playbook: 'service-health' },
  { pattern: /\broll ?back\b/i, playbook: 'rollback' },
  { pattern: /\bdeploy(ment)? script\b|\bredeploy\b|\bFix 5\b/i, playbook: 'deploy' },
  { pattern: /\b(tail|check|read)\b.*\blogs?\b/i, playbook: 'tail-logs' },
];

export function suggestPlaybook(itemText: string, available: readonly string[]): string | null {
  for (const rule of RULES) {
    if (rule.pattern.test(itemText) && available.includes(rule.playbook)) return rule.playbook;
  }
  return null;
}
