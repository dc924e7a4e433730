import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { useWebhookReceiver } from '../../support/webhook-receiver';
import { addPeople, openReferenceIncident, type People } from '../../support/comms-incident';
import { defined } from '../../support/defined';

const { dbPath } = useTempDatabase();
// Every log line the app writes during these tests, at the most verbose level.
const logs: string[] = [];
(globalThis as unknown as { __warroomLog?: pino.Logger }).__warroomLog = pino(
  { level: 'trace' },
  { write: (line: string) => void logs.push(line) },
);
const consoleLines: string[] = [];
for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')));
}

const receiver = await useWebhookReceiver({ maxRetries: 3, baseDelayMs: 20, timeoutMs: 300 });
const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const {
  publishUpdateDef: publish,
  addWebhookDef: addHook,
  deactivateWebhookDef: deactivateHook,
} = await import('@/lib/comms/actions');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { deliverStatusUpdate } = await import('@/lib/comms/delivery-outbox');
const { webhookAad } = await import('@/lib/comms/webhooks');
const { decryptSecret, SecretError } = await import('@/lib/crypto');
const { getSecrets } = await import('@/lib/env');
const { realtimeBus, incidentChannel } = await import('@/lib/realtime/bus');

type Role = 'admin' | 'commander' | 'responder' | 'viewer';
let users: People<Role>;
let incidentId = '';
let linkedItemId = '';

// A secret token in the path, as in a Slack URL: it must never be stored or shown in clear.
const SECRET = 'T0SECRET/B0SECRET/xoxb-sup3r-s3cret-t0ken-7f3a';
const hookUrl = receiver.url(`/services/${SECRET}`);

async function publishAs(role: Role, body: string, audience: 'internal' | 'public' = 'public') {
  // A public update is sent after its preview (the UI adds reviewed: 'yes' on "Confirm and publish").
  const r = await executeAction(publish, users[role], { incidentId, body, audience, reviewed: 'yes' });
  if (!r.ok) throw new Error(`publish failed: ${r.error.message}`);
  return r.data as { id: string; publishedAt: string };
}

beforeAll(async () => {
  users = await addPeople(['admin', 'commander', 'responder', 'viewer'], 'comms.test');
  incidentId = await openReferenceIncident(users.commander);
  const cadence = await db.cadence.findFirstOrThrow({ where: { incidentId } });
  linkedItemId = cadence.linkedItemId!;
});

afterAll(async () => {
  await receiver.stop();
  await closeDb();
});

describe('publishing a status update', () => {
  it('stores the update, resets every cadence, ticks the linked item and keeps the audit chain', async () => {
    const before = await db.checklistItem.findUniqueOrThrow({ where: { id: linkedItemId } });
    expect(before).toMatchObject({ text: 'Status update every 15 minutes', done: false });
    const seen: { type: string; data: unknown }[] = [];
    const sub = realtimeBus().subscribe(incidentChannel(incidentId), (e) => seen.push(e));

    const { id } = await publishAs('responder', 'We are aware of the outage and restoring the frontend.');
    sub.unsubscribe();

    const update = await db.statusUpdate.findUniqueOrThrow({ where: { id } });
    expect(update).toMatchObject({
      incidentId,
      audience: 'public',
      authorId: users.responder.id,
      body: 'We are aware of the outage and restoring the frontend.',
    });
    const cadences = await db.cadence.findMany({ where: { incidentId, active: true } });
    expect(cadences.length).toBeGreaterThan(0);
    for (const c of cadences) expect(c.lastSentAt?.getTime()).toBe(update.publishedAt.getTime());
    const after = await db.checklistItem.findUniqueOrThrow({ where: { id: linkedItemId } });
    expect(after).toMatchObject({ done: true, doneById: users.responder.id, version: before.version + 1 });

    const event = await db.timelineEvent.findFirstOrThrow({
      where: { incidentId, kind: 'comms.update' },
      orderBy: { recordedAt: 'desc' },
    });
    expect(event.summary).toMatch(/^Status update published \(public\); ticked "Status update every 15 minutes"\n/);
    const audit = await db.auditEntry.findUniqueOrThrow({ where: { seq: event.auditSeq! } });
    expect(audit).toMatchObject({ action: 'comms.publish', actorEmail: users.responder.email, targetId: id });
    expect(seen.map((e) => e.type)).toEqual(['checklist.item', 'comms.update']);
    expect(seen[0]?.data).toMatchObject({ id: linkedItemId, done: true, version: after.version });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('refuses a public update that was not reviewed, storing nothing', async () => {
    const count = await db.statusUpdate.count();
    const r = await executeAction(publish, users.responder, { incidentId, body: 'One click.', audience: 'public' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'Public update: Review the public update in its preview, then confirm it.' },
    });
    expect(await db.statusUpdate.count()).toBe(count);
  });

  it("stores a browser textarea's CRLF line breaks as plain newlines", async () => {
    const { id } = await publishAs('responder', 'Line one.\r\nLine two.', 'internal');
    expect((await db.statusUpdate.findUniqueOrThrow({ where: { id } })).body).toBe('Line one.\nLine two.');
  });

  it('leaves an already ticked item alone on the next publish', async () => {
    const before = await db.checklistItem.findUniqueOrThrow({ where: { id: linkedItemId } });
    await publishAs('commander', 'Still restoring.', 'internal');
    const after = await db.checklistItem.findUniqueOrThrow({ where: { id: linkedItemId } });
    expect(after.version).toBe(before.version);
  });

  it('refuses viewers and anonymous callers, storing nothing', async () => {
    const count = await db.statusUpdate.count();
    expect(await executeAction(publish, users.viewer, { incidentId, body: 'x', audience: 'public' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden:comms:publish' },
    });
    expect(await executeAction(publish, null, { incidentId, body: 'x', audience: 'public' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await executeAction(addHook, users.responder, { incidentId, name: 'x', url: hookUrl })).toMatchObject({
      ok: false,
      error: { code: 'forbidden:comms:manage' },
    });
    expect(
      await executeAction(publish, users.responder, { incidentId, body: ' ', audience: 'everyone' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await db.statusUpdate.count()).toBe(count);
  });
});

describe('webhook delivery', () => {
  let hookId = '';

  it('stores the URL encrypted and audits only its name and hint', async () => {
    const r = await executeAction(addHook, users.commander, { incidentId, name: 'ops-slack', url: hookUrl });
    expect(r.ok).toBe(true);
    hookId = (r as { data: { id: string } }).data.id;
    const row = await db.incidentWebhook.findUniqueOrThrow({ where: { id: hookId } });
    expect(row.urlEncrypted).not.toContain('s3cret');
    expect(row.urlHint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…7f3a$/);
    expect(decryptSecret(getSecrets().secretKey, row.urlEncrypted, webhookAad(hookId))).toBe(hookUrl);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'comms.webhook-add', targetId: hookId } });
    expect(JSON.parse(audit.payload)).toEqual({ incidentId, name: 'ops-slack', urlHint: row.urlHint, audience: 'all' });
  });

  it('retries 500, 500 and is delivered on the third attempt; the timeline says so', async () => {
    receiver.reply(500, 500, 200);
    const { id } = await publishAs('responder', 'Frontend restored; SSO logins work again.');
    const results = await deliverStatusUpdate(id);
    expect(results).toEqual([{ webhookId: hookId, name: 'ops-slack', ok: true, attempts: 3, detail: 'HTTP 200' }]);
    expect(receiver.received).toHaveLength(3);
    const sent = defined(receiver.received[2], 'third attempt');
    expect(sent.path).toBe(`/services/${SECRET}`);
    expect(sent.contentType).toBe('application/json');
    const json = JSON.parse(sent.body);
    expect(json.text).toContain('Frontend restored; SSO logins work again.');
    expect(json.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'context']);
    const event = await db.timelineEvent.findFirstOrThrow({
      where: { incidentId, kind: 'comms.webhook', data: { contains: id } },
    });
    expect(event.summary).toBe('Webhook ops-slack delivered: HTTP 200 after 3 attempts');
    expect(event.actorId).toBeNull();
    const delivery = await db.auditEntry.findFirstOrThrow({ where: { seq: event.auditSeq! } });
    expect(delivery).toMatchObject({ action: 'comms.webhook-delivery', actorId: null, actorEmail: 'system:webhooks' });
    // Asking again returns the same results and posts nothing more.
    expect(await deliverStatusUpdate(id)).toEqual(results);
    expect(receiver.received).toHaveLength(3);
  });

  it('gives up after 4 attempts when the receiver never answers', { timeout: 20_000 }, async () => {
    receiver.reply('hang');
    const { id } = await publishAs('responder', 'Monitoring.');
    const [result] = await deliverStatusUpdate(id);
    expect(result).toMatchObject({ ok: false, attempts: 4, detail: 'no answer within 0.3 s' });
    expect(receiver.received).toHaveLength(4);
    const event = await db.timelineEvent.findFirstOrThrow({
      where: { incidentId, kind: 'comms.webhook', data: { contains: id } },
    });
    expect(event.summary).toBe('Webhook ops-slack failed after 4 attempts: no answer within 0.3 s');
  });

  it('keeps retrying 5xx until it gives up, and does not retry a 400', async () => {
    receiver.reply(500);
    const first = await publishAs('responder', 'Update A.');
    expect(await deliverStatusUpdate(first.id)).toMatchObject([{ ok: false, attempts: 4, detail: 'HTTP 500' }]);
    const failed = await db.timelineEvent.findFirstOrThrow({
      where: { kind: 'comms.webhook', data: { contains: first.id } },
    });
    expect(failed.summary).toBe('Webhook ops-slack failed after 4 attempts: HTTP 500');

    receiver.reply(400);
    const second = await publishAs('responder', 'Update B.');
    expect(await deliverStatusUpdate(second.id)).toMatchObject([{ ok: false, attempts: 1, detail: 'HTTP 400' }]);
    expect(receiver.received).toHaveLength(1);
  });

  it('does not post to a deactivated webhook', async () => {
    receiver.reply(200);
    const r = await executeAction(deactivateHook, users.commander, { webhookId: hookId });
    expect(r.ok).toBe(true);
    const { id } = await publishAs('responder', 'Quiet update.');
    expect(await deliverStatusUpdate(id)).toEqual([]);
    expect(receiver.received).toHaveLength(0);
  });

  it('a ciphertext copied onto another webhook row fails to decrypt, and delivery says so', async () => {
    receiver.reply(200);
    const other = await executeAction(addHook, users.commander, {
      incidentId,
      name: 'other-hook',
      url: receiver.url('/other/endpoint-0000'),
    });
    const otherId = (other as { data: { id: string } }).data.id;
    const original = await db.incidentWebhook.findUniqueOrThrow({ where: { id: hookId } });
    await db.incidentWebhook.update({ where: { id: otherId }, data: { urlEncrypted: original.urlEncrypted } });
    expect(() => decryptSecret(getSecrets().secretKey, original.urlEncrypted, webhookAad(otherId))).toThrow(
      SecretError,
    );
    const { id } = await publishAs('responder', 'Copied-ciphertext check.');
    expect(await deliverStatusUpdate(id)).toMatchObject([{ name: 'other-hook', ok: false, attempts: 0 }]);
    expect(receiver.received).toHaveLength(0);
    const event = await db.timelineEvent.findFirstOrThrow({ where: { kind: 'comms.webhook', data: { contains: id } } });
    expect(event.summary).toMatch(/^Webhook other-hook failed: its URL could not be decrypted/);
  });

  it('the webhook URL appears nowhere: not in the database file, the WAL, audit, timeline or logs', async () => {
    await db.$queryRawUnsafe('PRAGMA wal_checkpoint(PASSIVE)');
    const needles = [SECRET, 'xoxb-sup3r-s3cret-t0ken', hookUrl];
    for (const file of [dbPath, `${dbPath}-wal`]) {
      if (!fs.existsSync(file)) continue;
      const bytes = fs.readFileSync(file);
      for (const n of needles)
        expect(bytes.includes(Buffer.from(n)), `${path.basename(file)} contains ${n}`).toBe(false);
    }
    const audit = await db.auditEntry.findMany({ select: { payload: true, targetId: true } });
    const timeline = await db.timelineEvent.findMany({ select: { summary: true, data: true } });
    const text = JSON.stringify([audit, timeline, logs, consoleLines]);
    for (const n of needles) expect(text).not.toContain(n);
    expect(logs.length + audit.length).toBeGreaterThan(0);
  });
});
