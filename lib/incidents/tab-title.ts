/**
 * The incident page's browser tab: what a commander with twenty tabs open
 * needs to read at a glance — severity, status, then the name — and, first,
 * that an update is overdue. Pure: the server's <title> and the live tab
 * (incident-tab.tsx) use the same words.
 */
export function incidentTabTitle(i: { severity: string; status: string; title: string; overdue?: boolean }): string {
  return `${i.overdue ? '⚠ overdue · ' : ''}${i.severity} · ${i.status} · ${i.title}`;
}

export const ICON = '/icon.svg';
export const OVERDUE_ICON = '/icon-overdue.svg';
