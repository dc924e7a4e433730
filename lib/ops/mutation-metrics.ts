import { metrics } from '@/lib/metrics';

type CommittedAudit = { action: string; payload?: unknown };

/**
 * Counts the domain series from what was committed, by audit action: the
 * audit record is the one thing every mutation has, and counting after
 * commit means a rolled-back tick or publish is never counted.
 */
export function countCommitted(audit: CommittedAudit): void {
  const payload = (audit.payload ?? {}) as Record<string, unknown>;
  const m = metrics();
  switch (audit.action) {
    case 'checklist.tick':
      m.checklistTicks.inc({ state: 'done' });
      break;
    case 'checklist.untick':
      m.checklistTicks.inc({ state: 'undone' });
      break;
    case 'comms.publish':
      m.statusUpdatesPublished.inc({ audience: payload.audience === 'public' ? 'public' : 'internal' });
      break;
    case 'comms.cadence-missed':
      m.cadencesMissed.inc();
      break;
    case 'playbook.run.interrupted':
      // The reconciler's verdict on a run whose lease lapsed; the runner counts the other results itself.
      m.runs.inc({ result: 'interrupted' });
      break;
    case 'comms.webhook-delivery':
      m.webhookDeliveries.inc({ result: payload.ok === true ? 'delivered' : 'failed' });
      break;
  }
}
