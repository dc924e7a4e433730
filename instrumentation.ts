/**
 * Next calls register() once when a server process starts. Background work
 * that belongs to the process, not to a request, starts here: the cadence
 * watcher (missed status updates), the webhook delivery worker and the run
 * reconciler (runs left "running" by a crash become interrupted). Not
 * during `next build`, and never in the edge runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const [{ startCadenceWatch }, { ensureDeliveryWorker }, { startReconciler }] = await Promise.all([
    import('./lib/comms/cadence-watch'),
    import('./lib/comms/delivery-outbox'),
    import('./lib/playbooks/reconcile-runs'),
  ]);
  ensureDeliveryWorker();
  startCadenceWatch();
  startReconciler(console.log);
}
