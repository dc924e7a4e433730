import { db } from '@/lib/db';
import { getSecrets } from '@/lib/env';
import { decryptSecret, SecretError } from '@/lib/crypto';
import { systemActor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { incidentChannel, realtimeBus } from '@/lib/realtime/bus';
import { logger } from '@/lib/logger';
import { COMMS_UPDATE_EVENT } from './events';
import { postWebhook } from './post-webhook';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { statusUpdatePayload } from './webhook-payload';
import { webhookAad } from './webhooks';

/**
 * Webhook delivery, after commit and in the background. Publishing puts a
 * `comms.deliver` event on a process-internal bus channel (the bus publishes
 * only after the transaction committed); the worker here picks it up, so the
 * person publishing never waits for retries and a rolled-back update is
 * never posted. Each webhook's final result lands on the timeline.
 *
 * In-process only, like the bus today: with several instances the event
 * reaches one process, and a crash mid-delivery loses that delivery (its
 * absence is visible on the timeline).
 */
export const DELIVERY_CHANNEL = 'comms:outbox';
const DELIVER_EVENT = 'comms.deliver';

export function deliveryRequest(updateId: string) {
  return { channel: DELIVERY_CHANNEL, type: DELIVER_EVENT, data: { updateId } };
}

export type WebhookDelivery = { webhookId: string; name: string; ok: boolean; attempts: number; detail: string };

type State = {
  worker?: () => void;
  policy?: RetryPolicy;
  deliveries: Map<string, Promise<WebhookDelivery[]>>;
  running: Set<Promise<unknown>>;
};
type ShutdownHook = () => void | Promise<void>;
const g = globalThis as unknown as { __warroomDeliveries?: State; __warroomShutdownHooks?: Set<ShutdownHook> };
const state: State = (g.__warroomDeliveries ??= { deliveries: new Map(), running: new Set() });
// On SIGTERM, deliveries under way get to finish (one takes at most ~24 s: 4 × 5 s + backoff).
const DRAIN_MS = 20_000;
// Remember finished deliveries a while, so a repeated request (tests, a replayed event) does not post twice.
const KEEP_FINISHED = 200;

/** Subscribes the delivery worker once per process. */
export function ensureDeliveryWorker(): void {
  if (state.worker) return;
  const sub = realtimeBus().subscribe(DELIVERY_CHANNEL, (e) => {
    const updateId = (e.data as { updateId?: unknown })?.updateId;
    if (e.type !== DELIVER_EVENT || typeof updateId !== 'string') return;
    deliverStatusUpdate(updateId).catch((err) =>
      logger().error({ err: { message: (err as Error)?.message }, updateId }, 'status update delivery failed'),
    );
  });
  state.worker = sub.unsubscribe;
  (g.__warroomShutdownHooks ??= new Set()).add(async () => {
    sub.unsubscribe();
    state.worker = undefined;
    await Promise.race([Promise.allSettled([...state.running]), new Promise((r) => setTimeout(r, DRAIN_MS).unref?.())]);
  });
}

ensureDeliveryWorker();

/** Test hook: shorter timeouts and backoff for the worker (null restores the defaults). */
export function setDeliveryPolicy(policy: RetryPolicy | null): void {
  state.policy = policy ?? undefined;
}

/**
 * Posts one status update to every active webhook of its incident and
 * records each result. Idempotent per process: a second call for the same
 * update returns the first call's results instead of posting again.
 */
export function deliverStatusUpdate(updateId: string): Promise<WebhookDelivery[]> {
  const existing = state.deliveries.get(updateId);
  if (existing) return existing;
  const run = deliverOnce(updateId, state.policy ?? DEFAULT_RETRY_POLICY);
  state.deliveries.set(updateId, run);
  state.running.add(run);
  void run.catch(() => {}).finally(() => state.running.delete(run));
  while (state.deliveries.size > KEEP_FINISHED) state.deliveries.delete(state.deliveries.keys().next().value!);
  return run;
}

async function deliverOnce(updateId: string, policy: RetryPolicy): Promise<WebhookDelivery[]> {
  const update = await db.statusUpdate.findUnique({
    where: { id: updateId },
    select: {
      id: true,
      body: true,
      audience: true,
      publishedAt: true,
      incident: {
        select: {
          id: true,
          title: true,
          status: true,
          webhooks: {
            where: { active: true },
            orderBy: { createdAt: 'asc' },
            select: { id: true, name: true, urlEncrypted: true },
          },
        },
      },
    },
  });
  if (!update || update.incident.webhooks.length === 0) return [];
  const payload = statusUpdatePayload({
    incidentTitle: update.incident.title,
    status: update.incident.status,
    audience: update.audience === 'public' ? 'public' : 'internal',
    body: update.body,
    publishedAt: update.publishedAt,
  });
  const key = getSecrets().secretKey;
  return Promise.all(
    update.incident.webhooks.map(async (hook): Promise<WebhookDelivery> => {
      let result: WebhookDelivery;
      let url: string | null = null;
      try {
        url = decryptSecret(key, hook.urlEncrypted, webhookAad(hook.id));
      } catch (err) {
        if (!(err instanceof SecretError)) throw err;
      }
      if (url === null) {
        result = {
          webhookId: hook.id,
          name: hook.name,
          ok: false,
          attempts: 0,
          detail: 'its URL could not be decrypted (was WARROOM_SECRET_KEY changed?)',
        };
      } else {
        const r = await postWebhook(url, payload, policy);
        url = null;
        result = { webhookId: hook.id, name: hook.name, ok: r.ok, attempts: r.attempts, detail: r.detail };
      }
      await recordDelivery(update.incident.id, update.id, result);
      return result;
    }),
  );
}

export function deliverySummary(r: Pick<WebhookDelivery, 'name' | 'ok' | 'attempts' | 'detail'>): string {
  const tries = `${r.attempts} attempt${r.attempts === 1 ? '' : 's'}`;
  if (r.ok) return `Webhook ${r.name} delivered: ${r.detail} after ${tries}`;
  if (r.attempts === 0) return `Webhook ${r.name} failed: ${r.detail}`;
  return `Webhook ${r.name} failed after ${tries}: ${r.detail}`;
}

async function recordDelivery(incidentId: string, updateId: string, r: WebhookDelivery): Promise<void> {
  await commitMutation(systemActor('system:webhooks'), async () => ({
    data: null,
    audit: {
      action: 'comms.webhook-delivery',
      targetType: 'incident-webhook',
      targetId: r.webhookId,
      payload: { updateId, name: r.name, ok: r.ok, attempts: r.attempts, result: r.detail },
    },
    timeline: {
      incidentId,
      kind: 'comms.webhook',
      summary: deliverySummary(r),
      data: { updateId, webhookId: r.webhookId, ok: r.ok, attempts: r.attempts },
    },
    publish: [
      {
        channel: incidentChannel(incidentId),
        type: COMMS_UPDATE_EVENT,
        data: { updateId, delivery: r.ok ? 'delivered' : 'failed' },
      },
    ],
  }));
}
