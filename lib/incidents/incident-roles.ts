import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Mutation } from '@/lib/mutations/types';
import type { IncidentTimeline, Publish } from '@/lib/mutations/types';
import { changed, findIncidentOrThrow } from './update-incident';
import type { SetRoleInput } from './schemas';

export type IncidentRole = 'commander' | 'commsLead';
export const ROLE_LABEL: Record<IncidentRole, string> = { commander: 'Commander', commsLead: 'Comms lead' };
const FIELD: Record<IncidentRole, 'commanderId' | 'commsLeadId'> = {
  commander: 'commanderId',
  commsLead: 'commsLeadId',
};

/**
 * The person may hold the role: an active user, and for commander a
 * commander or admin; a viewer cannot be comms lead (they cannot publish).
 * Every refusal names the person and the field it belongs to.
 */
export async function assertCanHoldRole(tx: Tx, role: IncidentRole, userId: string) {
  const field = FIELD[role];
  const u = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  const refuse = (message: string) =>
    new AppError('invalid:incident-role', message, { fieldErrors: { [field]: [message] } });
  if (!u) throw refuse(`${ROLE_LABEL[role]}: no such user.`);
  const who = `${u.name} (${u.email})`;
  if (u.disabled) throw refuse(`${ROLE_LABEL[role]}: ${who} is disabled; choose an active person.`);
  if (role === 'commander' && u.role !== 'commander' && u.role !== 'admin')
    throw refuse(`${ROLE_LABEL[role]}: ${who} is a ${u.role}; the incident commander must be a commander or admin.`);
  if (role === 'commsLead' && u.role === 'viewer')
    throw refuse(`${ROLE_LABEL[role]}: ${who} is a viewer and cannot publish updates.`);
  return u;
}

/**
 * One role at a time, with the roles' version: two people changing roles at
 * once get a conflict showing the fresh assignment, never each other's
 * change reverted from a stale page.
 */
export async function setIncidentRole(
  tx: Tx,
  input: z.infer<typeof SetRoleInput>,
): Promise<Mutation<{ version: number }>> {
  const inc = await findIncidentOrThrow(tx, input.incidentId);
  const field = FIELD[input.role];
  const person = input.userId ? await assertCanHoldRole(tx, input.role, input.userId) : null;
  const { count } = await tx.incident.updateMany({
    where: { id: inc.id, rolesVersion: input.version },
    data: {
      [field]: input.userId,
      rolesVersion: { increment: 1 },
      // The notice about a disabled holder is answered once that role is filled again.
      ...(inc.roleNotice?.startsWith(ROLE_LABEL[input.role]) ? { roleNotice: null } : {}),
    },
  });
  if (count === 0) {
    const fresh = await tx.incident.findUniqueOrThrow({
      where: { id: inc.id },
      select: {
        rolesVersion: true,
        commander: { select: { name: true } },
        commsLead: { select: { name: true } },
      },
    });
    throw new AppError(
      'conflict:incident-roles',
      `Someone changed the roles meanwhile (commander: ${fresh.commander?.name ?? 'unassigned'}, comms lead: ${fresh.commsLead?.name ?? 'unassigned'}). Nothing was changed; check and try again.`,
      { current: { version: fresh.rolesVersion }, fieldErrors: { [field]: ['changed by someone else'] } },
    );
  }
  const label = ROLE_LABEL[input.role];
  return {
    data: { version: input.version + 1 },
    audit: {
      action: 'incident.set-role',
      targetType: 'incident',
      targetId: inc.id,
      payload: { role: input.role, userId: input.userId, email: person?.email ?? null, from: inc[field] },
    },
    timeline: {
      incidentId: inc.id,
      kind: 'roles',
      summary: `${label}: ${person ? person.name : 'unassigned'}`,
      data: { role: input.role, userId: input.userId },
    },
    publish: changed(inc.id, 'roles'),
  };
}

/**
 * A person disabled while they hold roles in open incidents: each such role
 * is cleared (a disabled account cannot act) and the incident says so, on
 * its header and its timeline, until someone takes the role.
 */
export async function vacateRolesOf(
  tx: Tx,
  user: { id: string; name: string; email: string },
): Promise<{ timelines: IncidentTimeline[]; publish: Publish[]; vacated: { slug: string; role: IncidentRole }[] }> {
  const held = await tx.incident.findMany({
    where: { resolvedAt: null, OR: [{ commanderId: user.id }, { commsLeadId: user.id }] },
    select: { id: true, slug: true, commanderId: true, commsLeadId: true },
  });
  const timelines: IncidentTimeline[] = [];
  const publish: Publish[] = [];
  const vacated: { slug: string; role: IncidentRole }[] = [];
  for (const inc of held) {
    const roles = (['commander', 'commsLead'] as const).filter((r) => inc[FIELD[r]] === user.id);
    const notice = roles
      .map(
        (r) => `${ROLE_LABEL[r]} ${user.name} (${user.email}) was disabled; the role is unassigned — assign someone.`,
      )
      .join(' ');
    await tx.incident.update({
      where: { id: inc.id },
      data: {
        ...Object.fromEntries(roles.map((r) => [FIELD[r], null])),
        rolesVersion: { increment: 1 },
        roleNotice: notice,
      },
    });
    timelines.push({ incidentId: inc.id, kind: 'roles', summary: notice, data: { vacated: roles, userId: user.id } });
    publish.push(...changed(inc.id, 'roles'));
    vacated.push(...roles.map((role) => ({ slug: inc.slug, role })));
  }
  return { timelines, publish, vacated };
}
