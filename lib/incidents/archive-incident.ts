import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Mutation } from '@/lib/mutations/types';
import { INCIDENT_LIST_CHANNEL, incidentChannel } from '@/lib/realtime/bus';
import { findIncidentOrThrow } from './update-incident';
import type { ArchiveIncidentInput, DeleteIncidentInput } from './schemas';

/** Off the incident list, kept whole: every row stays, and unarchiving brings it back as it was. */
export async function setIncidentArchived(
  tx: Tx,
  input: z.infer<typeof ArchiveIncidentInput>,
): Promise<Mutation<{ slug: string; archived: boolean }>> {
  const inc = await findIncidentOrThrow(tx, input.incidentId);
  if (Boolean(inc.archivedAt) === input.archived)
    throw new AppError(
      'conflict:incident-archived',
      `"${inc.title}" is ${input.archived ? 'already archived' : 'not archived'}.`,
    );
  await tx.incident.update({ where: { id: inc.id }, data: { archivedAt: input.archived ? new Date() : null } });
  const verb = input.archived ? 'Archived' : 'Unarchived';
  return {
    data: { slug: inc.slug, archived: input.archived },
    audit: {
      action: input.archived ? 'incident.archive' : 'incident.unarchive',
      targetType: 'incident',
      targetId: inc.id,
      payload: { slug: inc.slug, title: inc.title, status: inc.status },
    },
    timeline: { incidentId: inc.id, kind: 'archive', summary: `${verb} the incident` },
    publish: [
      { channel: incidentChannel(inc.id), type: 'incident.changed', data: { what: 'archived' } },
      { channel: INCIDENT_LIST_CHANNEL, type: 'incident.listed', data: { slug: inc.slug } },
    ],
  };
}

/**
 * An incident made by mistake, deleted after its slug was typed back. The
 * incident and what hangs off it go; the audit log keeps every entry about
 * it (entries are never deleted — the chain would break) plus this one,
 * which records what was deleted.
 */
export async function deleteIncident(
  tx: Tx,
  input: z.infer<typeof DeleteIncidentInput>,
): Promise<Mutation<{ slug: string }>> {
  const inc = await findIncidentOrThrow(tx, input.incidentId);
  if (input.confirmSlug !== inc.slug) {
    const message = `Type the incident's slug, ${inc.slug}, to delete it.`;
    throw new AppError('invalid:confirm-slug', message, { fieldErrors: { confirmSlug: [message] } });
  }
  // Playbooks ran on real hosts for it: that is not an incident made by mistake, and its runs must stay explained.
  const runs = await tx.playbookRun.count({ where: { incidentId: inc.id } });
  if (runs > 0)
    throw new AppError(
      'conflict:incident-has-runs',
      `"${inc.title}" has ${runs} playbook run${runs === 1 ? '' : 's'}; archive it instead of deleting it.`,
    );
  const counts = {
    checklistItems: await tx.checklistItem.count({ where: { group: { checklist: { incidentId: inc.id } } } }),
    timelineEvents: await tx.timelineEvent.count({ where: { incidentId: inc.id } }),
    statusUpdates: await tx.statusUpdate.count({ where: { incidentId: inc.id } }),
  };
  // Timeline events have no foreign key (notes may outlive an import); they belong to this incident alone.
  await tx.timelineEvent.deleteMany({ where: { incidentId: inc.id } });
  await tx.incident.delete({ where: { id: inc.id } });
  return {
    data: { slug: inc.slug },
    audit: {
      action: 'incident.delete',
      targetType: 'incident',
      targetId: inc.id,
      payload: { slug: inc.slug, title: inc.title, status: inc.status, severity: inc.severity, ...counts },
    },
    publish: [
      { channel: incidentChannel(inc.id), type: 'incident.deleted', data: { slug: inc.slug } },
      { channel: INCIDENT_LIST_CHANNEL, type: 'incident.listed', data: { slug: inc.slug } },
    ],
  };
}
