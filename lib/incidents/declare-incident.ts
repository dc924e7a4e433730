import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { INCIDENT_LIST_CHANNEL } from '@/lib/realtime/bus';
import { emptyPlan } from './plan-content';
import { takeSlug } from './create-incident';
import { assertCanHoldRole } from './incident-roles';
import type { DeclareIncidentInput } from './schemas';

/**
 * An incident from three fields — title, severity, commander — because at
 * 3 a.m. nobody has an RCA yet. The plan is attached later (attach-plan.ts).
 */
export async function declareIncident(
  tx: Tx,
  actor: SessionUser,
  input: z.infer<typeof DeclareIncidentInput>,
): Promise<Mutation<{ id: string; slug: string }>> {
  const commanderId = input.commanderId ?? (actor.role === 'commander' || actor.role === 'admin' ? actor.id : null);
  const commander = commanderId ? await assertCanHoldRole(tx, 'commander', commanderId) : null;
  const slug = await takeSlug(tx, input.title);
  const taken = await tx.incident.findUnique({ where: { slug }, select: { id: true } });
  if (taken) throw new AppError('conflict:incident-slug', `The slug ${slug} is taken; change the title.`);
  const incident = await tx.incident.create({
    data: {
      slug,
      title: input.title,
      severity: input.severity,
      commanderId,
      createdById: actor.id,
      sourceMarkdown: '',
      planJson: JSON.stringify(emptyPlan(input.title, input.severity)),
    },
    select: { id: true, slug: true },
  });
  return {
    data: incident,
    audit: {
      action: 'incident.declare',
      targetType: 'incident',
      targetId: incident.id,
      payload: { slug, title: input.title, severity: input.severity, commander: commander?.email ?? null },
    },
    timeline: {
      incidentId: incident.id,
      kind: 'declare',
      summary: `Declared ${input.severity} "${input.title}"; commander: ${commander ? commander.name : 'unassigned'}`,
    },
    publish: [{ channel: INCIDENT_LIST_CHANNEL, type: 'incident.listed', data: { slug } }],
  };
}
