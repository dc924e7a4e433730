import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { can } from '@/lib/auth/permissions';
import { INCIDENT_LIST_CHANNEL, incidentChannel } from '@/lib/realtime/bus';
import { parseNoteTime } from './note-time';
import type { AddNoteInput, SetPublicPageInput, SetSeverityInput, SetStatusInput } from './schemas';

export async function findIncidentOrThrow(tx: Tx, incidentId: string) {
  const incident = await tx.incident.findUnique({
    where: { id: incidentId },
    select: {
      id: true,
      slug: true,
      title: true,
      status: true,
      severity: true,
      commanderId: true,
      commsLeadId: true,
      mitigatedAt: true,
      resolvedAt: true,
      startedAt: true,
      archivedAt: true,
      roleNotice: true,
    },
  });
  if (!incident) throw new AppError('not_found:incident', 'No such incident.');
  return incident;
}

/** What the incident list shows (status, severity, commander) also tells the list's channel. */
const LISTED = new Set(['status', 'severity', 'roles']);
export const changed = (incidentId: string, what: string) => [
  { channel: incidentChannel(incidentId), type: 'incident.changed', data: { what } },
  ...(LISTED.has(what) ? [{ channel: INCIDENT_LIST_CHANNEL, type: 'incident.listed', data: { what } }] : []),
];

export async function setIncidentStatus(
  tx: Tx,
  actor: SessionUser,
  input: z.infer<typeof SetStatusInput>,
): Promise<Mutation<{ status: string }>> {
  const inc = await findIncidentOrThrow(tx, input.incidentId);
  if (inc.status === input.status)
    throw new AppError('conflict:incident-status', `The incident is already ${input.status}.`);
  if (input.status === 'resolved' && !input.confirmed) await askToConfirmResolve(tx, inc.id);
  const now = new Date();
  await tx.incident.update({
    where: { id: inc.id },
    data: {
      status: input.status,
      // Mitigated: the first time the team moves to watching the fix work.
      mitigatedAt: (input.status === 'monitoring' || input.status === 'resolved') && !inc.mitigatedAt ? now : undefined,
      resolvedAt: input.status === 'resolved' ? now : inc.resolvedAt ? null : undefined,
    },
  });
  return {
    data: { status: input.status },
    audit: {
      action: 'incident.set-status',
      targetType: 'incident',
      targetId: inc.id,
      payload: { from: inc.status, to: input.status },
    },
    timeline: {
      incidentId: inc.id,
      kind: 'status',
      summary: `Status ${inc.status} → ${input.status}`,
      data: { from: inc.status, to: input.status },
    },
    publish: changed(inc.id, 'status'),
  };
}

export type WhatIsLeft = {
  openItems: number;
  totalItems: number;
  openSample: string[];
  lastPublicUpdateAt: string | null;
};

/** What resolving would leave behind: open checklist items, and whether a final public update went out. */
export async function whatIsLeft(tx: Tx, incidentId: string): Promise<WhatIsLeft> {
  const where = { group: { checklist: { incidentId } } };
  const [totalItems, open, lastPublic] = await Promise.all([
    tx.checklistItem.count({ where }),
    tx.checklistItem.findMany({ where: { ...where, done: false }, select: { text: true }, take: 200 }),
    tx.statusUpdate.findFirst({
      where: { incidentId, audience: 'public' },
      orderBy: { publishedAt: 'desc' },
      select: { publishedAt: true },
    }),
  ]);
  return {
    openItems: open.length,
    totalItems,
    openSample: open.slice(0, 3).map((i) => i.text),
    lastPublicUpdateAt: lastPublic?.publishedAt.toISOString() ?? null,
  };
}

export function describeWhatIsLeft(left: WhatIsLeft): string {
  const items =
    left.openItems > 0
      ? `${left.openItems} of ${left.totalItems} checklist items are still open`
      : 'every checklist item is done';
  const update = left.lastPublicUpdateAt
    ? 'a public status update has been published'
    : 'no final status update was published';
  return `Resolve anyway? ${items.charAt(0).toUpperCase()}${items.slice(1)}, and ${update}.`;
}

/**
 * Resolving is the one status change that ends the incident: it is asked
 * for twice. The first request answers with what is left; the second,
 * confirmed, resolves.
 */
async function askToConfirmResolve(tx: Tx, incidentId: string): Promise<never> {
  const left = await whatIsLeft(tx, incidentId);
  throw new AppError('conflict:confirm-resolve', describeWhatIsLeft(left), { current: left });
}

export async function setIncidentSeverity(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof SetSeverityInput>,
): Promise<Mutation<{ severity: string }>> {
  const inc = await findIncidentOrThrow(tx, input.incidentId);
  if (inc.severity === input.severity)
    throw new AppError('conflict:incident-severity', `Severity is already ${input.severity}.`);
  await tx.incident.update({ where: { id: inc.id }, data: { severity: input.severity } });
  return {
    data: { severity: input.severity },
    audit: {
      action: 'incident.set-severity',
      targetType: 'incident',
      targetId: inc.id,
      payload: { from: inc.severity, to: input.severity },
    },
    timeline: {
      incidentId: inc.id,
      kind: 'severity',
      summary: `Severity ${inc.severity} → ${input.severity}`,
      data: { from: inc.severity, to: input.severity },
    },
    publish: changed(inc.id, 'severity'),
  };
}

/**
 * A note, optionally backdated ("2026-01-08 13:54:07 CST"): stored in UTC,
 * with the zone it was given in kept for display on hover.
 */
export async function addIncidentNote(
  tx: Tx,
  actor: SessionUser,
  input: z.infer<typeof AddNoteInput>,
): Promise<Mutation<{ at: string }>> {
  // Marking a note as the impact start moves the incident's start time: that is an
  // incident update, not a note (a responder may add notes, not rewrite the durations).
  if (input.impactStart && !can(actor.role, 'incident:update')) {
    throw new AppError('forbidden:incident-update', 'Only a commander or an admin can set when the impact started.');
  }
  const inc = await findIncidentOrThrow(tx, input.incidentId);
  let at = new Date();
  let sourceTz: string | null = null;
  if (input.when) {
    const parsed = parseNoteTime(input.when, input.zone);
    if (!parsed) {
      throw new AppError(
        'invalid:note-time',
        `Could not read the time "${input.when}". Use e.g. 2026-11-30 21:12 (your zone), 2026-01-08 13:54:07 CST or 2026-01-08T05:54:07Z.`,
        {
          fieldErrors: { when: ['unreadable time'] },
        },
      );
    }
    ({ at, sourceTz } = parsed);
  }
  if (at.getTime() > Date.now() + 5 * 60_000) {
    throw new AppError('invalid:note-time', 'A note cannot be dated in the future.', {
      fieldErrors: { when: ['in the future'] },
    });
  }
  if (input.impactStart) await tx.incident.update({ where: { id: inc.id }, data: { startedAt: at } });
  return {
    data: { at: at.toISOString() },
    audit: {
      action: 'incident.note',
      targetType: 'incident',
      targetId: inc.id,
      payload: { at: at.toISOString(), sourceTz, impactStart: input.impactStart, text: input.text },
    },
    timeline: {
      incidentId: inc.id,
      kind: input.impactStart ? 'impact-start' : 'note',
      summary: input.text,
      at,
      sourceTz,
    },
    publish: changed(inc.id, 'timeline'),
  };
}

/** Turns the public status page of one incident off (404 for everyone) or back on. */
export async function setPublicPage(
  tx: Tx,
  input: z.infer<typeof SetPublicPageInput>,
): Promise<Mutation<{ disabled: boolean }>> {
  const inc = await findIncidentOrThrow(tx, input.incidentId);
  await tx.incident.update({ where: { id: inc.id }, data: { publicPageDisabled: input.disabled } });
  return {
    data: { disabled: input.disabled },
    audit: {
      action: 'incident.public-page',
      targetType: 'incident',
      targetId: inc.id,
      payload: { disabled: input.disabled },
    },
    timeline: {
      incidentId: inc.id,
      kind: 'public-page',
      summary: input.disabled ? 'Public status page turned off' : 'Public status page turned on',
    },
    publish: changed(inc.id, 'comms'),
  };
}
