import 'server-only';
import { db } from '@/lib/db';
import { getEnv, getSecrets } from '@/lib/env';
import { decryptSecret } from '@/lib/crypto';
import { logger } from '@/lib/logger';
import { postWebhook } from '@/lib/comms/post-webhook';
import { webhookAad } from '@/lib/comms/webhooks';
import { realtimeBus } from '@/lib/realtime/bus';
import type { DryRun } from '@/lib/playbooks/dry-run';
import { APPROVALS_CHANNEL } from './channel';
import { approvalWebhookPayload } from './webhook-message';

/**
 * Tells the incident's webhooks that someone asks for approval, once the
 * request has committed (the bus only carries events after commit).
 * Best effort: a webhook that fails does not undo the request, which
 * approvers also see in the nav and on the incident page.
 */

const g = globalThis as unknown as { __warroomApprovalNotifier?: boolean };

export function notifyApprovalRequested(_approvalId: string): void {
  if (g.__warroomApprovalNotifier) return;
  g.__warroomApprovalNotifier = true;
  realtimeBus().subscribe(APPROVALS_CHANNEL, (event) => {
    const { id, status } = event.data as { id: string; status: string };
    if (status !== 'pending') return;
    void deliver(id).catch((err: unknown) =>
      logger().warn({ err: { message: (err as Error)?.message }, approvalId: id }, 'approval webhook not delivered'),
    );
  });
}

async function deliver(approvalId: string): Promise<void> {
  const row = await db.approvalRequest.findUnique({
    where: { id: approvalId },
    select: { id: true, requestedBy: true, playbookName: true, dryRun: true, incidentId: true },
  });
  if (!row?.incidentId) return;
  const incident = await db.incident.findUnique({
    where: { id: row.incidentId },
    select: {
      title: true,
      // Internal by nature (who asks, which playbook, which hosts): never to a webhook that takes public updates only.
      webhooks: { where: { active: true, audience: 'all' }, select: { id: true, name: true, urlEncrypted: true } },
    },
  });
  if (!incident) return;
  const payload = approvalWebhookPayload({
    approvalId: row.id,
    requestedBy: row.requestedBy,
    playbook: row.playbookName,
    hosts: (JSON.parse(row.dryRun) as DryRun).hosts.map((h) => h.name),
    incidentTitle: incident.title,
    baseUrl: getEnv().AUTH_URL ?? null,
  });
  const key = getSecrets().secretKey;
  for (const hook of incident.webhooks) {
    const result = await postWebhook(decryptSecret(key, hook.urlEncrypted, webhookAad(hook.id)), payload);
    logger().info({ approvalId, webhook: hook.name, ok: result.ok, detail: result.detail }, 'approval webhook');
  }
}
