import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { canonicalJson } from '@/lib/audit/hash';
import { incidentChannel } from '@/lib/realtime/bus';
import { NARRATIVE_TITLES } from './schema';
import type {
  AddActionItemInput,
  MarkKeyEventInput,
  RemoveActionItemInput,
  SaveNarrativeInput,
  UpdateActionItemInput,
} from './schemas';

/** Whoever has the post-mortem open reloads it when this arrives. */
export const POSTMORTEM_EVENT = 'postmortem.changed';

const changed = (incidentId: string, what: string) => [
  { channel: incidentChannel(incidentId), type: POSTMORTEM_EVENT, data: { what } },
];

async function incidentOrThrow(tx: Tx, incidentId: string) {
  const inc = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true, slug: true } });
  if (!inc) throw new AppError('not_found:incident', 'No such incident.');
  return inc;
}

const quote = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77)}…` : text}"`;

export type SavedNarrative = { section: string; body: string; version: number; updatedAt: string };

/**
 * Saves one narrative section if nobody saved it since the editor loaded it
 * (`version`); otherwise a conflict carrying what is stored now, so the
 * second editor sees the other text instead of overwriting it.
 */
export async function saveNarrative(
  tx: Tx,
  actor: SessionUser,
  input: z.infer<typeof SaveNarrativeInput>,
): Promise<Mutation<SavedNarrative>> {
  const inc = await incidentOrThrow(tx, input.incidentId);
  const where = { incidentId_section: { incidentId: inc.id, section: input.section } };
  const current = await tx.postmortemSection.findUnique({
    where,
    select: { body: true, version: true, updatedById: true, updatedAt: true },
  });
  const storedVersion = current?.version ?? 0;
  if (storedVersion !== input.version) {
    const editor = current?.updatedById
      ? await tx.user.findUnique({ where: { id: current.updatedById }, select: { name: true } })
      : null;
    throw new AppError(
      'conflict:postmortem-section',
      `${editor?.name ?? 'Someone'} saved "${NARRATIVE_TITLES[input.section]}" while you were editing. Their text is shown; merge your changes into it and save again.`,
      {
        current: {
          section: input.section,
          body: current?.body ?? '',
          version: storedVersion,
          updatedBy: editor?.name ?? null,
        },
      },
    );
  }
  // The version check and the write are one statement each way, inside the
  // IMMEDIATE transaction: no other writer can slip between them.
  const row = current
    ? await (async () => {
        const r = await tx.postmortemSection.updateMany({
          where: { incidentId: inc.id, section: input.section, version: input.version },
          data: { body: input.body, version: { increment: 1 }, updatedById: actor.id },
        });
        if (r.count !== 1)
          throw new AppError('conflict:postmortem-section', 'The section changed meanwhile. Reload it.');
        return tx.postmortemSection.findUniqueOrThrow({ where, select: { version: true, updatedAt: true } });
      })()
    : await tx.postmortemSection.create({
        data: { incidentId: inc.id, section: input.section, body: input.body, updatedById: actor.id },
        select: { version: true, updatedAt: true },
      });
  return {
    data: { section: input.section, body: input.body, version: row.version, updatedAt: row.updatedAt.toISOString() },
    audit: {
      action: 'postmortem.save-section',
      targetType: 'incident',
      targetId: inc.id,
      payload: { section: input.section, version: row.version, chars: input.body.length, body: input.body },
    },
    timeline: {
      incidentId: inc.id,
      kind: 'postmortem',
      summary: `Edited the post-mortem section "${NARRATIVE_TITLES[input.section]}"`,
      data: { section: input.section, version: row.version },
    },
    publish: changed(inc.id, 'narrative'),
  };
}

export type ActionItemState = {
  id: string;
  text: string;
  done: boolean;
  owner: string | null;
  due: string | null;
  link: string | null;
  version: number;
};

const ACTION_SELECT = {
  id: true,
  incidentId: true,
  text: true,
  done: true,
  owner: true,
  due: true,
  link: true,
  version: true,
} as const;

/** Promotes a long-term fix or an unticked item (or writes a new one) as an action item. */
export async function addActionItem(
  tx: Tx,
  actor: SessionUser,
  input: z.infer<typeof AddActionItemInput>,
): Promise<Mutation<ActionItemState>> {
  const inc = await incidentOrThrow(tx, input.incidentId);
  if (input.sourceType && input.sourceId) await assertSourceInIncident(tx, inc.id, input.sourceType, input.sourceId);
  const last = await tx.actionItem.findFirst({
    where: { incidentId: inc.id },
    orderBy: { position: 'desc' },
    select: { position: true },
  });
  const { incidentId: _i, ...row } = await tx.actionItem.create({
    data: {
      incidentId: inc.id,
      position: (last?.position ?? -1) + 1,
      text: input.text,
      owner: input.owner,
      due: input.due,
      link: input.link,
      sourceType: input.sourceType && input.sourceId ? input.sourceType : null,
      sourceId: input.sourceType && input.sourceId ? input.sourceId : null,
      createdById: actor.id,
    },
    select: ACTION_SELECT,
  });
  return {
    data: row,
    audit: {
      action: 'postmortem.add-action-item',
      targetType: 'action-item',
      targetId: row.id,
      payload: {
        incidentId: inc.id,
        text: row.text,
        owner: row.owner,
        due: row.due,
        link: row.link,
        source: input.sourceType ?? null,
        sourceId: input.sourceId ?? null,
      },
    },
    timeline: {
      incidentId: inc.id,
      kind: 'postmortem',
      summary: `Action item ${quote(row.text)}${row.owner ? ` for ${row.owner}` : ''}${row.due ? `, due ${row.due}` : ''}`,
      data: { actionItemId: row.id },
    },
    publish: changed(inc.id, 'action-items'),
  };
}

async function assertSourceInIncident(tx: Tx, incidentId: string, type: string, id: string): Promise<void> {
  const found =
    type === 'fix'
      ? await tx.fix.findFirst({ where: { id, incidentId }, select: { id: true } })
      : await tx.checklistItem.findFirst({ where: { id, group: { checklist: { incidentId } } }, select: { id: true } });
  if (!found)
    throw new AppError(
      'not_found:action-item-source',
      `That ${type === 'fix' ? 'fix' : 'checklist item'} is not part of this incident.`,
    );
}

async function updateActionIfVersion(tx: Tx, id: string, version: number, data: Record<string, unknown>) {
  const before = await tx.actionItem.findUnique({ where: { id }, select: ACTION_SELECT });
  if (!before) throw new AppError('not_found:action-item', 'That action item no longer exists.');
  const r = await tx.actionItem.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
  if (r.count !== 1) {
    const { incidentId: _i, ...current } = before;
    throw new AppError(
      'conflict:action-item',
      'Someone changed this action item meanwhile; its current state is shown.',
      { current },
    );
  }
  const after = await tx.actionItem.findUniqueOrThrow({ where: { id }, select: ACTION_SELECT });
  return { before, after };
}

export async function updateActionItem(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof UpdateActionItemInput>,
): Promise<Mutation<ActionItemState>> {
  const { before, after } = await updateActionIfVersion(tx, input.actionItemId, input.version, {
    text: input.text,
    owner: input.owner,
    due: input.due,
    link: input.link,
    done: input.done,
  });
  const { incidentId, ...data } = after;
  const changedFields = (['text', 'owner', 'due', 'link', 'done'] as const).filter((k) => before[k] !== after[k]);
  return {
    data,
    audit: {
      action: 'postmortem.update-action-item',
      targetType: 'action-item',
      targetId: after.id,
      payload: Object.fromEntries(changedFields.map((k) => [k, { from: before[k], to: after[k] }])),
    },
    timeline: {
      incidentId,
      kind: 'postmortem',
      summary:
        changedFields.length === 1 && changedFields[0] === 'done'
          ? `${after.done ? 'Completed' : 'Reopened'} action item ${quote(after.text)}`
          : `Updated action item ${quote(after.text)} (${changedFields.join(', ') || 'no change'})`,
      data: { actionItemId: after.id },
    },
    publish: changed(incidentId, 'action-items'),
  };
}

export async function removeActionItem(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof RemoveActionItemInput>,
): Promise<Mutation<null>> {
  const row = await tx.actionItem.findUnique({ where: { id: input.actionItemId }, select: ACTION_SELECT });
  if (!row) throw new AppError('not_found:action-item', 'That action item no longer exists.');
  const r = await tx.actionItem.deleteMany({ where: { id: row.id, version: input.version } });
  if (r.count !== 1)
    throw new AppError(
      'conflict:action-item',
      'Someone changed this action item meanwhile; look again before removing it.',
    );
  return {
    data: null,
    audit: {
      action: 'postmortem.remove-action-item',
      targetType: 'action-item',
      targetId: row.id,
      payload: {
        incidentId: row.incidentId,
        text: row.text,
        owner: row.owner,
        due: row.due,
        link: row.link,
        done: row.done,
      },
    },
    timeline: {
      incidentId: row.incidentId,
      kind: 'postmortem',
      summary: `Removed action item ${quote(row.text)}`,
      data: { actionItemId: row.id },
    },
    publish: changed(row.incidentId, 'action-items'),
  };
}

/** Marks a timeline note as key (it then shows in the post-mortem's important events and chart). */
export async function markKeyEvent(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof MarkKeyEventInput>,
): Promise<Mutation<{ key: boolean }>> {
  const ev = await tx.timelineEvent.findUnique({
    where: { id: input.eventId },
    select: { id: true, incidentId: true, summary: true, data: true },
  });
  if (!ev?.incidentId) throw new AppError('not_found:timeline-event', 'That timeline event does not exist.');
  const data = JSON.parse(ev.data) as Record<string, unknown>;
  if (Boolean(data.postmortemKey) === input.key)
    throw new AppError('conflict:timeline-event', input.key ? 'That event is already key.' : 'That event is not key.');
  const next = { ...data, postmortemKey: input.key || undefined };
  await tx.timelineEvent.update({ where: { id: ev.id }, data: { data: canonicalJson(next) } });
  return {
    data: { key: input.key },
    audit: {
      action: 'postmortem.mark-key-event',
      targetType: 'timeline-event',
      targetId: ev.id,
      payload: { incidentId: ev.incidentId, key: input.key },
    },
    timeline: {
      incidentId: ev.incidentId,
      kind: 'postmortem',
      summary: `${input.key ? 'Marked' : 'Unmarked'} ${quote(ev.summary)} as key for the post-mortem`,
      data: { eventId: ev.id },
    },
    publish: changed(ev.incidentId, 'timeline'),
  };
}
