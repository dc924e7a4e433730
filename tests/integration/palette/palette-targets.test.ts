import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import type { SessionUser } from '@/lib/auth/types';

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { listPaletteTargets } = await import('@/lib/palette/palette-targets');

const as = (role: SessionUser['role']) =>
  ({ id: `u-${role}`, email: `${role}@p.test`, name: role, role }) as SessionUser;

beforeAll(async () => {
  // Rows written directly: the palette only reads names and ids.
  await db.incident.create({
    data: { slug: 'checkout-down', title: 'Checkout is down', severity: 'SEV1', sourceMarkdown: '', planJson: '{}' },
  });
  await db.incident.create({
    data: {
      slug: 'old-one',
      title: 'Archived last year',
      severity: 'SEV3',
      sourceMarkdown: '',
      planJson: '{}',
      archivedAt: new Date(),
    },
  });
  await db.host.create({
    data: { id: 'h1', name: 'tms-prod-1', address: '10.0.0.1', username: 'deploy', privateKeyEncrypted: 'x' },
  });
  await db.playbook.create({
    data: { name: 'service-health', description: 'checks', destructive: false, currentHash: 'abc' },
  });
});

afterAll(async () => {
  await closeDb();
});

describe('the command palette targets', () => {
  it('gives a responder incidents, hosts and playbooks, with links to their pages', async () => {
    const targets = await listPaletteTargets(as('responder'));
    expect(targets).toEqual(
      expect.arrayContaining([
        {
          kind: 'incident',
          label: 'Checkout is down',
          detail: 'SEV1 · investigating',
          href: '/incidents/checkout-down',
        },
        { kind: 'host', label: 'tms-prod-1', detail: 'host', href: '/hosts#host-tms-prod-1' },
        { kind: 'playbook', label: 'service-health', detail: 'playbook', href: '/playbooks/service-health' },
      ]),
    );
    expect(targets.map((t) => t.label)).not.toContain('Archived last year');
  });

  it('never names a host to a viewer, who may not see hosts', async () => {
    const targets = await listPaletteTargets(as('viewer'));
    expect(targets.map((t) => t.kind).sort()).toEqual(['incident', 'playbook']);
    expect(JSON.stringify(targets)).not.toContain('tms-prod-1');
  });
});
