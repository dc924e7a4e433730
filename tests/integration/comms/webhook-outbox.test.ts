import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { useWebhookReceiver } from '../../support/webhook-receiver';
import { addPeople, openReferenceIncident, type People } from '../../support/comms-incident';

/**
 * Webhooks you can see (issue 18 (4)), against a real HTTP receiver on
 * loopback: the outbox row per webhook, the audience per webhook, "Send test"
 * through the same path, and a retry that never re-sends what was delivered.
 */
useTempDatabase();
const receiver = await useWebhookReceiver({ maxRetries: 1, baseDelayMs: 10, timeoutMs: 300 });

const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const comms = await import('@/lib/comms/actions');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { deliverOne, deliverStatusUpdate, resumeOutbox, INTERRUPTED_DETAIL } =
  await import('@/lib/comms/delivery-outbox');

let users: People<'commander' | 'responder'>;
let incidentId = '';
let everything = '';
let publicOnly = '';

async function ok<T>(r: Promise<{ ok: boolean; data?: unknown; error?: { message: string } }>): Promise<T> {
  const res = await r;
  if (!res.ok) throw new Error(res.error?.message);
  return res.data as T;
}

const publish = (body: string, audience: 'internal' | 'public') =>
  ok<{ id: string }>(
    executeAction(comms.publishUpdateDef, users.responder, { incidentId, body, audience, reviewed: 'yes' }),
  );

beforeAll(async () => {
  users = await addPeople(['commander', 'responder'], 'outbox.test');
  incidentId = await openReferenceIncident(users.commander);
  await db.incident.update({ where: { id: incidentId }, data: { publicTitle: 'Sign-in trouble' } });
  everything = (
    await ok<{ id: string }>(
      executeAction(comms.addWebhookDef, users.commander, { incidentId, name: 'ops', url: receiver.url('/ops') }),
    )
  ).id;
  publicOnly = (
    await ok<{ id: string }>(
      executeAction(comms.addWebhookDef, users.commander, {
        incidentId,
        name: 'customers',
        url: receiver.url('/customers'),
        audience: 'public',
      }),
    )
  ).id;
});

afterAll(async () => {
  await receiver.stop();
  await closeDb();
});

describe('the audience of a webhook', () => {
  it('an existing webhook (no audience said) receives everything; a public-only one only public updates', async () => {
    expect(await db.incidentWebhook.findUniqueOrThrow({ where: { id: everything } })).toMatchObject({
      audience: 'all',
    });
    receiver.reply(200);
    const internal = await publish('Team only: the zombie pid was 4242.', 'internal');
    expect(await deliverStatusUpdate(internal.id)).toMatchObject([{ name: 'ops', ok: true }]);
    expect(receiver.received.map((r) => r.path)).toEqual(['/ops']);

    receiver.reply(200);
    const pub = await publish('Sign-in works again.', 'public');
    const results = await deliverStatusUpdate(pub.id);
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['ops', true],
      ['customers', true],
    ]);
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/customers', '/ops']);
    const rows = await db.webhookDelivery.findMany({ where: { updateId: pub.id } });
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered']);
  });

  it('switching a webhook to public only is audited, and it stops receiving internal updates', async () => {
    await ok(
      executeAction(comms.setWebhookAudienceDef, users.commander, { webhookId: everything, audience: 'public' }),
    );
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'comms.webhook-audience' } });
    expect(JSON.parse(audit.payload)).toEqual({ name: 'ops', from: 'all', to: 'public' });
    receiver.reply(200);
    const internal = await publish('Team only again.', 'internal');
    expect(await deliverStatusUpdate(internal.id)).toEqual([]);
    expect(receiver.received).toHaveLength(0);
    const same = await executeAction(comms.setWebhookAudienceDef, users.commander, {
      webhookId: everything,
      audience: 'public',
    });
    expect(same).toMatchObject({ ok: false, error: { message: 'Webhook ops already receives public updates only.' } });
    await ok(executeAction(comms.setWebhookAudienceDef, users.commander, { webhookId: everything, audience: 'all' }));
  });
});

describe('send test', () => {
  it('posts a clearly marked test message through the same path, audited before and after', async () => {
    receiver.reply(200);
    const { deliveryId } = await ok<{ deliveryId: string }>(
      executeAction(comms.sendWebhookTestDef, users.commander, { webhookId: publicOnly }),
    );
    const result = await deliverOne(deliveryId);
    expect(result).toMatchObject({ name: 'customers', ok: true, attempts: 1, detail: 'HTTP 200' });
    expect(receiver.received).toHaveLength(1);
    const sent = JSON.parse(receiver.received[0]!.body) as { text: string };
    expect(sent.text).toMatch(/^\[TEST\] Sign-in trouble\n\[TEST\] warroom test message/);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({
      kind: 'test',
      status: 'delivered',
      updateId: null,
    });
    const actions = (
      await db.auditEntry.findMany({
        where: { targetId: publicOnly },
        orderBy: { seq: 'asc' },
        select: { action: true },
      })
    ).map((a) => a.action);
    expect(actions.slice(-2)).toEqual(['comms.webhook-test', 'comms.webhook-delivery']);
    const line = await db.timelineEvent.findFirstOrThrow({
      where: { incidentId, data: { contains: deliveryId }, kind: 'comms.webhook' },
      orderBy: { recordedAt: 'desc' },
    });
    expect(line.summary).toBe('Webhook customers test message delivered: HTTP 200 after 1 attempt');
  });

  it('goes through the SSRF guard like any update', async () => {
    const hook = await ok<{ id: string }>(
      executeAction(comms.addWebhookDef, users.commander, {
        incidentId,
        name: 'metadata',
        url: 'http://169.254.169.254/latest/meta-data',
      }),
    );
    receiver.reply(200);
    const { deliveryId } = await ok<{ deliveryId: string }>(
      executeAction(comms.sendWebhookTestDef, users.commander, { webhookId: hook.id }),
    );
    const result = await deliverOne(deliveryId);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/internal address \(169\.254\.169\.254\)/);
    await ok(executeAction(comms.removeWebhookDef, users.commander, { webhookId: hook.id }));
  });

  it('is refused to a responder and to a deactivated webhook, writing nothing', async () => {
    const before = await db.webhookDelivery.count();
    expect(await executeAction(comms.sendWebhookTestDef, users.responder, { webhookId: publicOnly })).toMatchObject({
      ok: false,
      error: { code: 'forbidden:comms:manage' },
    });
    const off = await ok<{ id: string }>(
      executeAction(comms.addWebhookDef, users.commander, { incidentId, name: 'old', url: receiver.url('/old') }),
    );
    await ok(executeAction(comms.deactivateWebhookDef, users.commander, { webhookId: off.id }));
    expect(await executeAction(comms.sendWebhookTestDef, users.commander, { webhookId: off.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict:webhook', message: 'Webhook old is inactive: nothing is sent to it.' },
    });
    expect(await db.webhookDelivery.count()).toBe(before);
  });
});

describe('retry of a failed delivery', () => {
  it('a receiver that fails first, then succeeds: retry delivers, once; a second retry is refused', async () => {
    receiver.reply(500);
    const pub = await publish('Monitoring the fix.', 'public');
    const failed = await deliverStatusUpdate(pub.id);
    expect(failed.map((r) => [r.name, r.ok, r.detail])).toEqual([
      ['ops', false, 'HTTP 500'],
      ['customers', false, 'HTTP 500'],
    ]);
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { updateId: pub.id, webhookId: publicOnly } });
    expect(row).toMatchObject({ status: 'failed', attempts: 2, detail: 'HTTP 500' });

    receiver.reply(200);
    await ok(executeAction(comms.retryWebhookDeliveryDef, users.commander, { deliveryId: row.id }));
    const retried = await deliverOne(row.id);
    expect(retried).toMatchObject({ name: 'customers', ok: true, attempts: 1, detail: 'HTTP 200' });
    expect(receiver.received.map((r) => r.path)).toEqual(['/customers']);
    const body = JSON.parse(receiver.received[0]!.body) as { text: string };
    expect(body.text).toContain('Monitoring the fix.');
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });

    // Delivered is final: a retry is refused with a reason, and nothing is posted again.
    const again = await executeAction(comms.retryWebhookDeliveryDef, users.commander, { deliveryId: row.id });
    expect(again).toMatchObject({
      ok: false,
      error: {
        code: 'conflict:webhook-delivery',
        message: 'Webhook customers already received this update; it is not sent twice.',
      },
    });
    expect(await deliverOne(row.id)).toMatchObject({ ok: true });
    expect(receiver.received).toHaveLength(1);

    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'comms.webhook-retry' } });
    expect(audit).toMatchObject({ actorEmail: users.commander.email, targetId: publicOnly });
    const line = await db.timelineEvent.findFirstOrThrow({
      where: { incidentId, auditSeq: audit.seq },
    });
    expect(line.summary).toBe('Retry of the update to webhook customers requested');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('two retries at once send it once', async () => {
    receiver.reply(500);
    const pub = await publish('Still monitoring.', 'public');
    await deliverStatusUpdate(pub.id);
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { updateId: pub.id, webhookId: everything } });
    receiver.reply(200);
    const both = await Promise.all([
      executeAction(comms.retryWebhookDeliveryDef, users.commander, { deliveryId: row.id }),
      executeAction(comms.retryWebhookDeliveryDef, users.commander, { deliveryId: row.id }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ error: { code: 'conflict:webhook-delivery' } });
    await Promise.all([deliverOne(row.id), deliverOne(row.id)]);
    expect(receiver.received.filter((r) => r.path === '/ops')).toHaveLength(1);
  });

  it('the webhook list reads the last delivery of each webhook', async () => {
    const { getCommsPanel } = await import('@/lib/comms/queries');
    const panel = await getCommsPanel(incidentId, { withWebhooks: true, withDraft: false });
    const byName = Object.fromEntries(panel!.webhooks.map((w) => [w.name, w]));
    expect(byName.ops?.deliveries[0]).toMatchObject({ kind: 'update', status: 'delivered', detail: 'HTTP 200' });
    expect(byName.customers?.deliveries[0]).toMatchObject({ kind: 'update', status: 'failed', detail: 'HTTP 500' });
    expect(byName.customers?.audience).toBe('public');
  });
});

describe('after a restart', () => {
  it("a row left sending becomes failed (retry is a person's call); a row left pending is posted", async () => {
    const pub = await publish('Written before the crash.', 'public');
    // As a dead process left them: one claimed mid-post, one committed but never picked up.
    const rows = await db.webhookDelivery.findMany({ where: { updateId: pub.id }, orderBy: { requestedAt: 'asc' } });
    // Let the in-process worker finish what the publish woke, then put the rows back as the crash left them.
    await deliverStatusUpdate(pub.id);
    const [sending, pending] = rows;
    await db.webhookDelivery.update({
      where: { id: sending!.id },
      data: { status: 'sending', detail: null, finishedAt: null },
    });
    await db.webhookDelivery.update({ where: { id: pending!.id }, data: { status: 'pending', detail: null } });
    receiver.reply(200);

    const { interrupted, resumed } = await resumeOutbox();
    expect(interrupted).toBe(1);
    expect(resumed.map((r) => [r.webhookId, r.ok])).toEqual([[pending!.webhookId, true]]);
    expect(receiver.received).toHaveLength(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: sending!.id } })).toMatchObject({
      status: 'failed',
      detail: INTERRUPTED_DETAIL,
    });
    const line = await db.timelineEvent.findFirstOrThrow({
      where: { incidentId, data: { contains: sending!.id } },
      orderBy: { recordedAt: 'desc' },
    });
    expect(line.summary).toMatch(/failed after \d+ attempts?: interrupted: the server stopped while sending/);
    // Nothing is left to resume: a second start-up does nothing.
    expect(await resumeOutbox()).toEqual({ interrupted: 0, resumed: [] });
    expect(receiver.received).toHaveLength(1);
  });
});
