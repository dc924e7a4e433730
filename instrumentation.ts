/**
 * Next calls register() once when a server process starts. Background work
 * that belongs to the process, not to a request, starts here: the cadence
 * watcher (missed status updates), the webhook delivery worker, the run
 * reconciler (runs left "running" by a crash become interrupted) and the
 * audit chain watch. Each runs under its own log id (`reqId: "task:…"`).
 * Not during `next build`, and never in the edge runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const [
    { startCadenceWatch },
    { ensureDeliveryWorker },
    { startAuditWatch },
    { startReconciler },
    { ensureDispatcher },
    { withRequestId },
  ] = await Promise.all([
    import('./lib/comms/cadence-watch'),
    import('./lib/comms/delivery-outbox'),
    import('./lib/audit/watch-chain'),
    import('./lib/playbooks/reconcile-runs'),
    import('./lib/playbooks/dispatch'),
    import('./lib/logger'),
  ]);
  ensureDispatcher();
  ensureDeliveryWorker({ resume: true });
  withRequestId('task:cadence-watch', () => startCadenceWatch());
  withRequestId('task:reconciler', () => startReconciler(console.log));
  withRequestId('task:audit-watch', () => startAuditWatch());
  withRequestId('task:reconciler', () => startReconciler(console.log));
}
