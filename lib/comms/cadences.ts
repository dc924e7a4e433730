import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { AppError } from '@/lib/errors';
import { INCIDENT_LIST_CHANNEL, incidentChannel } from '@/lib/realtime/bus';
import { readCadence } from './cadence-interval';
import { COMMS_CADENCE_EVENT } from './events';
import type { AddCadenceInput, CadenceIdInput } from './schemas';

/** A cadence typed by hand ("every 30 minutes"), linked to a matching communication item if there is one. */
export async function addCadence(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof AddCadenceInput>,
): Promise<Mutation<{ id: string; everyMinutes: number }>> {
  const parsed = readCadence(input.text);
  if (!parsed.ok) throw new AppError('invalid:cadence', parsed.message, { fieldErrors: { text: [parsed.message] } });
  const incident = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } });
  if (!incident) throw new AppError('not_found:incident', 'No such incident.');
  const items = await tx.checklistItem.findMany({
    where: { group: { checklist: { incidentId: incident.id, kind: 'communication' } } },
    select: { id: true, text: true },
  });
  const wanted = parsed.text.toLowerCase();
  const linked = items.find((i) => i.text.toLowerCase().includes(wanted) || wanted.includes(i.text.toLowerCase()));
  const cadence = await tx.cadence.create({
    data: {
      incidentId: incident.id,
      text: parsed.text,
      everyMinutes: parsed.everyMinutes,
      audience: input.audience,
      startedAt: new Date(),
      linkedItemId: linked?.id ?? null,
    },
    select: { id: true, everyMinutes: true },
  });
  return {
    data: cadence,
    audit: {
      action: 'comms.cadence-add',
      targetType: 'cadence',
      targetId: cadence.id,
      payload: {
        incidentId: incident.id,
        text: parsed.text,
        everyMinutes: parsed.everyMinutes,
        audience: input.audience,
        linkedItemId: linked?.id ?? null,
      },
    },
    timeline: {
      incidentId: incident.id,
      kind: 'comms.cadence',
      summary: `Cadence added: "${parsed.text}" (every ${parsed.everyMinutes} min, kept by ${input.audience} updates)`,
      data: { cadenceId: cadence.id },
    },
    publish: [
      { channel: incidentChannel(incident.id), type: COMMS_CADENCE_EVENT, data: { cadenceId: cadence.id } },
      cadenceListed(),
    ],
  };
}

export async function deactivateCadence(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof CadenceIdInput>,
): Promise<Mutation<null>> {
  const cadence = await tx.cadence.findUnique({
    where: { id: input.cadenceId },
    select: { id: true, incidentId: true, text: true, active: true },
  });
  if (!cadence) throw new AppError('not_found:cadence', 'That cadence no longer exists.');
  if (!cadence.active) throw new AppError('conflict:cadence', 'That cadence is already stopped.');
  await tx.cadence.update({ where: { id: cadence.id }, data: { active: false } });
  return {
    data: null,
    audit: {
      action: 'comms.cadence-deactivate',
      targetType: 'cadence',
      targetId: cadence.id,
      payload: { text: cadence.text },
    },
    timeline: {
      incidentId: cadence.incidentId,
      kind: 'comms.cadence',
      summary: `Cadence stopped: "${cadence.text}"`,
      data: { cadenceId: cadence.id },
    },
    publish: [
      { channel: incidentChannel(cadence.incidentId), type: COMMS_CADENCE_EVENT, data: { cadenceId: cadence.id } },
      cadenceListed(),
    ],
  };
}

/** The incident list shows overdue cadences: a change to a cadence's clock refreshes it. */
export function cadenceListed() {
  return { channel: INCIDENT_LIST_CHANNEL, type: 'incident.listed', data: { what: 'cadence' } };
}
