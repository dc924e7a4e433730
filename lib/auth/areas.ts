import type { Permission } from './permissions';

/**
 * The console's areas and the permission that opens each. A forbidden AREA
 * is named ("your role (viewer) cannot open Hosts") — the area is in the
 * navigation for others anyway. A forbidden RESOURCE (an incident or run by
 * id) stays not-found, so its existence is not revealed.
 */
export const AREAS: { prefix: string; name: string; permission: Permission }[] = [
  { prefix: '/incidents/import', name: 'Import', permission: 'incident:create' },
  { prefix: '/incidents', name: 'Incidents', permission: 'incident:view' },
  { prefix: '/playbooks', name: 'Playbooks', permission: 'playbook:view' },
  { prefix: '/hosts', name: 'Hosts', permission: 'host:view' },
  { prefix: '/audit', name: 'Audit', permission: 'audit:view' },
  { prefix: '/admin', name: 'Admin', permission: 'user:manage' },
];

/** The area a path belongs to (longest prefix first), or null. */
export function areaOf(pathname: string) {
  return AREAS.find((a) => pathname === a.prefix || pathname.startsWith(`${a.prefix}/`)) ?? null;
}
