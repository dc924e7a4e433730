import 'server-only';
import { db } from '@/lib/db';
import { can } from '@/lib/auth/permissions';
import type { SessionUser } from '@/lib/auth/types';

import type { PaletteTarget } from './types';

const RECENT_RUNS = 20;
const INCIDENTS = 50;

/**
 * Where the command palette can jump, for this user only: each kind is read
 * only if the role may view it (the same permissions as the pages, which
 * check again when the link is followed). Names and ids, nothing else.
 */
export async function listPaletteTargets(user: SessionUser): Promise<PaletteTarget[]> {
  const [incidents, runs, hosts, playbooks] = await Promise.all([
    can(user.role, 'incident:view')
      ? db.incident.findMany({
          where: { archivedAt: null },
          orderBy: { detectedAt: 'desc' },
          take: INCIDENTS,
          select: { slug: true, title: true, severity: true, status: true },
        })
      : [],
    can(user.role, 'playbook:view')
      ? db.playbookRun.findMany({
          orderBy: { id: 'desc' },
          take: RECENT_RUNS,
          select: { id: true, status: true, playbookName: true },
        })
      : [],
    can(user.role, 'host:view') ? db.host.findMany({ orderBy: { name: 'asc' }, select: { name: true } }) : [],
    can(user.role, 'playbook:view') ? db.playbook.findMany({ orderBy: { name: 'asc' }, select: { name: true } }) : [],
  ]);
  return [
    ...incidents.map((i) => ({
      kind: 'incident' as const,
      label: i.title,
      detail: `${i.severity} · ${i.status}`,
      href: `/incidents/${i.slug}`,
    })),
    ...runs.map((r) => ({
      kind: 'run' as const,
      label: `Run #${r.id}: ${r.playbookName}`,
      detail: r.status,
      href: `/runs/${r.id}`,
    })),
    ...hosts.map((h) => ({
      kind: 'host' as const,
      label: h.name,
      detail: 'host',
      href: `/hosts#host-${encodeURIComponent(h.name)}`,
    })),
    ...playbooks.map((p) => ({
      kind: 'playbook' as const,
      label: p.name,
      detail: 'playbook',
      href: `/playbooks/${encodeURIComponent(p.name)}`,
    })),
  ];
}
