import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, can, permissionTableMarkdown, type Permission } from './permissions';

describe('permission matrix', () => {
  it('lets viewers read and nothing else', () => {
    const viewerCan = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can('viewer', p));
    expect(viewerCan.sort()).toEqual(['incident:view', 'playbook:view']);
  });
  it('keeps user management and host secrets with admins only', () => {
    expect(ROLES.filter((r) => can(r, 'user:manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => can(r, 'host:manage'))).toEqual(['admin']);
  });
  it('lets responders work the incident but not approve destructive runs', () => {
    expect(can('responder', 'checklist:tick')).toBe(true);
    expect(can('responder', 'playbook:request')).toBe(true);
    expect(can('responder', 'playbook:approve')).toBe(false);
  });
  it('refuses a missing role', () => {
    expect(can(null, 'incident:view')).toBe(false);
  });
  it('renders one README row per permission', () => {
    expect(permissionTableMarkdown().split('\n')).toHaveLength(Object.keys(PERMISSIONS).length + 2);
  });
});

describe('README', () => {
  it('shows the same role table as the matrix', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(permissionTableMarkdown());
  });
});
