/**
 * The one role → permission matrix. The README's table is generated from
 * the same data (see `npm run -s warroom -- permissions`).
 */
export const ROLES = ['admin', 'commander', 'responder', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'incident:view': ['admin', 'commander', 'responder', 'viewer'],
  'incident:create': ['admin', 'commander'],
  'incident:update': ['admin', 'commander'],
  'incident:delete': ['admin'],
  'incident:note': ['admin', 'commander', 'responder'],
  'checklist:tick': ['admin', 'commander', 'responder'],
  'checklist:edit': ['admin', 'commander', 'responder'],
  'postmortem:edit': ['admin', 'commander', 'responder'],
  'comms:publish': ['admin', 'commander', 'responder'],
  'comms:manage': ['admin', 'commander'],
  'playbook:view': ['admin', 'commander', 'responder', 'viewer'],
  'playbook:request': ['admin', 'commander', 'responder'],
  'playbook:approve': ['admin', 'commander'],
  // Save drafts made from a fix's script; built-ins and deletion stay with playbook:manage.
  'playbook:author': ['admin', 'commander'],
  'playbook:manage': ['admin'],
  'host:view': ['admin', 'commander', 'responder'],
  'host:manage': ['admin'],
  'audit:view': ['admin', 'commander'],
  'user:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(PERMISSIONS, value);
}

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function rolesWith(permission: Permission): Role[] {
  return [...PERMISSIONS[permission]];
}

export function permissionTableMarkdown(): string {
  const head = `| permission | ${ROLES.join(' | ')} |\n|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map(
    (p) => `| \`${p}\` | ${ROLES.map((r) => (can(r, p) ? '✓' : '')).join(' | ')} |`,
  );
  return [head, ...rows].join('\n');
}
