import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import type { Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { AppError } from '@/lib/errors';
import { incidentChannel } from '@/lib/realtime/bus';
import { COMMS_UPDATE_EVENT } from './events';
import type { SetPublicFaceInput } from './schemas';

/** The incident's public title and summary: what the status page and public updates say instead of the internal document. */
export async function setPublicFace(
  tx: Tx,
  _actor: SessionUser,
  input: z.infer<typeof SetPublicFaceInput>,
): Promise<Mutation<{ id: string }>> {
  const before = await tx.incident.findUnique({
    where: { id: input.incidentId },
    select: { id: true, publicTitle: true, publicSummary: true },
  });
  if (!before) throw new AppError('not_found:incident', 'No such incident.');
  const publicTitle = input.publicTitle || null;
  const publicSummary = input.publicSummary || null;
  await tx.incident.update({ where: { id: before.id }, data: { publicTitle, publicSummary } });
  return {
    data: { id: before.id },
    audit: {
      action: 'comms.public-face',
      targetType: 'incident',
      targetId: before.id,
      payload: {
        before: { publicTitle: before.publicTitle, publicSummary: before.publicSummary },
        after: { publicTitle, publicSummary },
      },
    },
    timeline: {
      incidentId: before.id,
      kind: 'comms.public-face',
      summary: `Public title and summary set: ${publicTitle ?? '(none)'} — ${publicSummary ?? '(none)'}`,
      data: { publicTitle, publicSummary },
    },
    publish: [{ channel: incidentChannel(before.id), type: COMMS_UPDATE_EVENT, data: { publicFace: true } }],
  };
}
