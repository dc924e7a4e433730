import { db } from '@/lib/db';
import { getSecrets } from '@/lib/env';
import { decryptSecret, SecretError } from '@/lib/crypto';
import { systemActor } from '@/lib/audit/actor';
import { bookkeeping } from '@/lib/mutations/bookkeeping';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { incidentChannel, realtimeBus } from '@/lib/realtime/bus';
import { logger } from '@/lib/logger';
import { COMMS_UPDATE_EVENT } from './events';
import { postWebhook } from './post-webhook';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { statusUpdatePayload, testMessagePayload } from './webhook-payload';
import { publicTitleOf } from './public-draft';
import { webhookAad } from './webhooks';
import { DELIVER_EVENT, DELIVERY_CHANNEL } from './delivery-queue';

/**
 * Webhook delivery through an outbox table. The transaction that publishes
 * an update (or asks for a test message, or a retry) writes one
 * `WebhookDelivery` row per webhook, `pending`; after it commits, a
 * `comms.deliver` event on a process-internal bus channel wakes the worker
 * here, which claims each row (pending → sending, bookkeeping), posts, and
 * records the outcome (delivered | failed) as a system:webhooks mutation on
 * the timeline. The person publishing never waits for retries, a rolled-back
 * update is never posted, and each webhook's last delivery is a row the
 * webhook list reads.
 *
 * The claim is a compare-and-set, so a row is posted by one worker once: a
 * delivered row never goes back to pending (a retry only moves `failed`), and
 * a request repeated or replayed finds nothing to claim.
 */

export type WebhookDelivery = {
  webhookId: string;
  name: string;
  ok: boolean;
  attempts: number;
  detail: string;
};

type State = {
  worker?: () => void;
  resumed?: boolean;
  policy?: RetryPolicy;
  inFlight: Map<string, Promise<WebhookDelivery>>;
};
type ShutdownHook = () => void | Promise<void>;
const g = globalThis as unknown as { __warroomDeliveries?: State; __warroomShutdownHooks?: Set<ShutdownHook> };
const state: State = (g.__warroomDeliveries ??= { inFlight: new Map() });
// On SIGTERM, deliveries under way get to finish (one takes at most ~24 s: 4 × 5 s + backoff).
const DRAIN_MS = 20_000;

/**
 * Subscribes the delivery worker once per process. The server (and only the
 * server: a CLI process must not touch the server's rows) passes
 * `resume: true` at start-up to pick up what a previous process left.
 */
export function ensureDeliveryWorker(opts: { resume?: boolean } = {}): void {
  if (opts.resume && !state.resumed) {
    state.resumed = true;
    resumeOutbox().catch((err) =>
      logger().error({ err: { message: (err as Error)?.message } }, 'webhook outbox: resuming failed'),
    );
  }
  if (state.worker) return;
  const sub = realtimeBus().subscribe(DELIVERY_CHANNEL, (e) => {
    const ids = (e.data as { deliveryIds?: unknown })?.deliveryIds;
    if (e.type !== DELIVER_EVENT || !Array.isArray(ids)) return;
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      deliverOne(id).catch((err) =>
        logger().error({ err: { message: (err as Error)?.message }, deliveryId: id }, 'webhook delivery failed'),
      );
    }
  });
  state.worker = sub.unsubscribe;
  (g.__warroomShutdownHooks ??= new Set()).add(async () => {
    sub.unsubscribe();
    state.worker = undefined;
    await Promise.race([
      Promise.allSettled([...state.inFlight.values()]),
      new Promise((r) => setTimeout(r, DRAIN_MS).unref?.()),
    ]);
  });
}

ensureDeliveryWorker();

class NothingToRecord extends Error {}

export const INTERRUPTED_DETAIL =
  'interrupted: the server stopped while sending (it may have arrived); retry to send it again';

/**
 * At start-up: a row still `sending` was claimed by a process that is gone —
 * it becomes `failed` (audited, on the timeline) so a person can decide to
 * retry, rather than it being re-sent on its own; a row still `pending` was
 * committed but never posted, and is posted now.
 */
export async function resumeOutbox(): Promise<{ interrupted: number; resumed: WebhookDelivery[] }> {
  const stale = await db.webhookDelivery.findMany({ where: { status: 'sending' }, select: ROW_SELECT });
  let interrupted = 0;
  for (const row of stale) {
    try {
      await commitMutation(systemActor('system:webhooks'), async (tx) => {
        const { count } = await tx.webhookDelivery.updateMany({
          where: { id: row.id, status: 'sending' },
          data: { status: 'failed', detail: INTERRUPTED_DETAIL, finishedAt: new Date() },
        });
        if (count === 0) throw new NothingToRecord();
        const result = { name: row.webhook.name, ok: false, attempts: row.attempts, detail: INTERRUPTED_DETAIL };
        return {
          data: null,
          audit: {
            action: 'comms.webhook-delivery',
            targetType: 'incident-webhook',
            targetId: row.webhook.id,
            payload: { deliveryId: row.id, kind: row.kind, updateId: row.updateId, ...result, result: result.detail },
          },
          timeline: {
            incidentId: row.incidentId,
            kind: 'comms.webhook',
            summary: deliverySummary({ ...result, kind: row.kind }),
            data: { deliveryId: row.id, updateId: row.updateId, webhookId: row.webhook.id, ok: false },
          },
          publish: [
            {
              channel: incidentChannel(row.incidentId),
              type: COMMS_UPDATE_EVENT,
              data: { updateId: row.updateId, delivery: 'failed' },
            },
          ],
        };
      });
      interrupted++;
    } catch (err) {
      if (!(err instanceof NothingToRecord)) throw err;
    }
  }
  const pending = await db.webhookDelivery.findMany({
    where: { status: 'pending' },
    orderBy: { requestedAt: 'asc' },
    select: { id: true },
  });
  const resumed = await Promise.all(pending.map((r) => deliverOne(r.id)));
  return { interrupted, resumed };
}

/** Test hook: shorter timeouts and backoff for the worker (null restores the defaults). */
export function setDeliveryPolicy(policy: RetryPolicy | null): void {
  state.policy = policy ?? undefined;
}

/** Every delivery of one status update, delivered (or already finished) — one result per webhook. */
export async function deliverStatusUpdate(updateId: string): Promise<WebhookDelivery[]> {
  const rows = await db.webhookDelivery.findMany({
    where: { updateId },
    orderBy: { requestedAt: 'asc' },
    select: { id: true },
  });
  return Promise.all(rows.map((r) => deliverOne(r.id)));
}

/**
 * Posts one outbox row if it is still pending and returns its result; a row
 * someone else is posting in this process is awaited, a finished one is read.
 */
export function deliverOne(deliveryId: string): Promise<WebhookDelivery> {
  const running = state.inFlight.get(deliveryId);
  if (running) return running;
  const run = claimAndPost(deliveryId, state.policy ?? DEFAULT_RETRY_POLICY).finally(() =>
    state.inFlight.delete(deliveryId),
  );
  state.inFlight.set(deliveryId, run);
  return run;
}

const ROW_SELECT = {
  id: true,
  kind: true,
  status: true,
  attempts: true,
  detail: true,
  incidentId: true,
  updateId: true,
  webhook: { select: { id: true, name: true, urlEncrypted: true, audience: true } },
} as const;

async function claimAndPost(deliveryId: string, policy: RetryPolicy): Promise<WebhookDelivery> {
  const claimed = await bookkeeping('webhook-delivery-claim', async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, status: 'pending' },
      data: { status: 'sending', claimedAt: new Date() },
    });
    return count === 1;
  });
  const row = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, select: ROW_SELECT });
  if (!row) return { webhookId: '', name: '', ok: false, attempts: 0, detail: 'the delivery no longer exists' };
  const hook = row.webhook;
  if (!claimed) {
    return {
      webhookId: hook.id,
      name: hook.name,
      ok: row.status === 'delivered',
      attempts: row.attempts,
      detail: row.detail ?? (row.status === 'sending' ? 'being sent' : row.status),
    };
  }

  const payload = await payloadFor(row);
  let url: string | null = null;
  try {
    url = decryptSecret(getSecrets().secretKey, hook.urlEncrypted, webhookAad(hook.id));
  } catch (err) {
    if (!(err instanceof SecretError)) throw err;
  }
  let result: WebhookDelivery;
  if (url === null || payload === null) {
    result = {
      webhookId: hook.id,
      name: hook.name,
      ok: false,
      attempts: 0,
      detail:
        payload === null
          ? 'its status update no longer exists'
          : 'its URL could not be decrypted (was WARROOM_SECRET_KEY changed?)',
    };
  } else {
    const r = await postWebhook(url, payload, policy);
    url = null;
    result = { webhookId: hook.id, name: hook.name, ok: r.ok, attempts: r.attempts, detail: r.detail };
  }
  await recordDelivery(row, result);
  return result;
}

async function payloadFor(row: { kind: string; incidentId: string; updateId: string | null }) {
  if (row.kind === 'test') {
    const incident = await db.incident.findUnique({
      where: { id: row.incidentId },
      select: { title: true, publicTitle: true, status: true },
    });
    // The public title: a test may go to a public-only channel, and says nothing a public update would not.
    return incident ? testMessagePayload({ incidentTitle: publicTitleOf(incident), sentAt: new Date() }) : null;
  }
  const update = row.updateId
    ? await db.statusUpdate.findUnique({
        where: { id: row.updateId },
        select: {
          body: true,
          audience: true,
          publishedAt: true,
          incident: { select: { title: true, publicTitle: true, status: true } },
        },
      })
    : null;
  if (!update) return null;
  return statusUpdatePayload({
    // A public update goes out under the public title, exactly as the preview showed it.
    incidentTitle: update.audience === 'public' ? publicTitleOf(update.incident) : update.incident.title,
    status: update.incident.status,
    audience: update.audience === 'public' ? 'public' : 'internal',
    body: update.body,
    publishedAt: update.publishedAt,
  });
}

export function deliverySummary(
  r: Pick<WebhookDelivery, 'name' | 'ok' | 'attempts' | 'detail'> & { kind?: string },
): string {
  const what = r.kind === 'test' ? `Webhook ${r.name} test message` : `Webhook ${r.name}`;
  const tries = `${r.attempts} attempt${r.attempts === 1 ? '' : 's'}`;
  if (r.ok) return `${what} delivered: ${r.detail} after ${tries}`;
  if (r.attempts === 0) return `${what} failed: ${r.detail}`;
  return `${what} failed after ${tries}: ${r.detail}`;
}

async function recordDelivery(
  row: { id: string; kind: string; incidentId: string; updateId: string | null },
  r: WebhookDelivery,
): Promise<void> {
  await commitMutation(systemActor('system:webhooks'), async (tx) => {
    await tx.webhookDelivery.update({
      where: { id: row.id },
      data: { status: r.ok ? 'delivered' : 'failed', attempts: r.attempts, detail: r.detail, finishedAt: new Date() },
    });
    return {
      data: null,
      audit: {
        action: 'comms.webhook-delivery',
        targetType: 'incident-webhook',
        targetId: r.webhookId,
        payload: {
          deliveryId: row.id,
          kind: row.kind,
          updateId: row.updateId,
          name: r.name,
          ok: r.ok,
          attempts: r.attempts,
          result: r.detail,
        },
      },
      timeline: {
        incidentId: row.incidentId,
        kind: 'comms.webhook',
        summary: deliverySummary({ ...r, kind: row.kind }),
        data: {
          deliveryId: row.id,
          updateId: row.updateId,
          webhookId: r.webhookId,
          ok: r.ok,
          attempts: r.attempts,
        },
      },
      publish: [
        {
          channel: incidentChannel(row.incidentId),
          type: COMMS_UPDATE_EVENT,
          data: { updateId: row.updateId, delivery: r.ok ? 'delivered' : 'failed' },
        },
      ],
    };
  });
}
