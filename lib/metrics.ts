import client from 'prom-client';

/**
 * Prometheus metrics for /api/metrics: the monitoring the fixture lacked
 * (its frontend was down four days before anyone noticed).
 *
 * Names follow Prometheus conventions: warroom_ prefix, base units
 * (seconds, bytes), counters end in _total and nothing else does. The
 * process and Node.js series keep their standard unprefixed names
 * (process_resident_memory_bytes …) so stock dashboards and alerts work.
 * deploy/prometheus/warroom-rules.yml alerts on these names; renaming one
 * is a breaking change for every installed alert.
 *
 * One registry per process (a globalThis singleton): the custom server and
 * Next's bundles each load this module, and must share one set of series.
 */
export type StorageFaultCause = 'disk_full' | 'read_only' | 'locked';
export type PlaybookRunResult = 'succeeded' | 'failed' | 'cancelled' | 'timed_out' | 'interrupted';

type Metrics = {
  registry: client.Registry;
  actions: client.Counter<'permission' | 'outcome'>;
  httpDuration: client.Histogram<'route' | 'method' | 'status_class'>;
  /** warroom_sse_connections (the property keeps its old name for lib/realtime). */
  sseClients: client.Gauge;
  signIns: client.Counter<'method' | 'result'>;
  checklistTicks: client.Counter<'state'>;
  statusUpdatesPublished: client.Counter<'audience'>;
  cadencesMissed: client.Counter;
  sshConnectionErrors: client.Counter<'kind'>;
  databaseBusy: client.Counter;
  databaseErrors: client.Counter<'kind'>;
  storageFault: client.Gauge<'cause'>;
  webhookDeliveries: client.Counter<'result'>;
  /** The runner's (lib/playbooks/runner.ts): warroom_playbook_runs_total by result, runs active, step duration by kind, steps without an exit status. */
  runs: client.Counter<'result'>;
  runsActive: client.Gauge;
  stepDuration: client.Histogram<'kind'>;
  sshErrors: client.Counter<'kind'>;
  auditChainOk: client.Gauge;
  auditChainVerified: client.Gauge;
};

/**
 * prom-client's default collectors name three gauges *_total
 * (nodejs_active_handles_total …), which `promtool check metrics` rejects
 * as a convention break; their unsuffixed twins carry the same numbers.
 */
const DEFAULT_METRICS_DROPPED = new Set([
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]);

const globalForMetrics = globalThis as unknown as { __warroomMetrics?: Metrics };

export function metrics(): Metrics {
  if (globalForMetrics.__warroomMetrics) return globalForMetrics.__warroomMetrics;
  const registry = new client.Registry();
  const defaults = new client.Registry();
  client.collectDefaultMetrics({ register: defaults });
  for (const m of defaults.getMetricsAsArray()) {
    const name = (m as unknown as { name: string }).name;
    if (!DEFAULT_METRICS_DROPPED.has(name)) registry.registerMetric(m as unknown as client.Metric);
  }
  const registers = [registry];
  const m: Metrics = {
    registry,
    actions: new client.Counter({
      name: 'warroom_actions_total',
      help: 'Guarded actions by permission and outcome',
      labelNames: ['permission', 'outcome'],
      registers,
    }),
    httpDuration: new client.Histogram({
      name: 'warroom_http_request_duration_seconds',
      help: 'HTTP request duration by route template, method and status class (2xx, 4xx, 5xx …)',
      labelNames: ['route', 'method', 'status_class'],
      // Up to 2 s matters for the p95 alert; streams (SSE) are long by design and excluded.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    }),
    sseClients: new client.Gauge({
      name: 'warroom_sse_connections',
      help: 'Open server-sent event streams',
      registers,
    }),
    signIns: new client.Counter({
      name: 'warroom_sign_ins_total',
      help: 'Sign-in attempts by method (credentials, oidc …) and result (ok, refused, throttled, unavailable)',
      labelNames: ['method', 'result'],
      registers,
    }),
    checklistTicks: new client.Counter({
      name: 'warroom_checklist_ticks_total',
      help: 'Checklist items ticked (state=done) or unticked (state=undone), counted after commit',
      labelNames: ['state'],
      registers,
    }),
    statusUpdatesPublished: new client.Counter({
      name: 'warroom_status_updates_published_total',
      help: 'Status updates published, by audience',
      labelNames: ['audience'],
      registers,
    }),
    cadencesMissed: new client.Counter({
      name: 'warroom_cadences_missed_total',
      help: 'Status-update cadences that passed their due time without an update',
      registers,
    }),
    sshConnectionErrors: new client.Counter({
      name: 'warroom_ssh_connection_errors_total',
      help: 'SSH connections that never became usable, by kind (host_unreachable, auth_failed, host_key_unknown, host_key_changed)',
      labelNames: ['kind'],
      registers,
    }),
    databaseBusy: new client.Counter({
      name: 'warroom_database_busy_total',
      help: 'Writes refused because the database stayed locked past the busy timeout',
      registers,
    }),
    databaseErrors: new client.Counter({
      name: 'warroom_database_errors_total',
      help: 'Database errors by kind (disk_full, read_only, locked, corrupt, other)',
      labelNames: ['kind'],
      registers,
    }),
    storageFault: new client.Gauge({
      name: 'warroom_database_write_fault',
      help: '1 while the database refuses writes for this cause (disk_full, read_only, locked), else 0',
      labelNames: ['cause'],
      registers,
    }),
    webhookDeliveries: new client.Counter({
      name: 'warroom_webhook_deliveries_total',
      help: 'Status-update webhook deliveries by final result (delivered, failed)',
      labelNames: ['result'],
      registers,
    }),
    runs: new client.Counter({
      name: 'warroom_playbook_runs_total',
      help: 'Finished playbook runs by result (succeeded, failed, cancelled, timed_out, interrupted)',
      labelNames: ['result'],
      registers,
    }),
    runsActive: new client.Gauge({
      name: 'warroom_playbook_runs_active',
      help: 'Playbook runs executing in this process',
      registers,
    }),
    stepDuration: new client.Histogram({
      name: 'warroom_playbook_step_duration_seconds',
      help: 'Duration of playbook steps on one host, by step kind',
      labelNames: ['kind'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers,
    }),
    sshErrors: new client.Counter({
      name: 'warroom_ssh_errors_total',
      help: 'Playbook steps that did not get an exit status, by kind (timed_out, host_unreachable, disconnected, …)',
      labelNames: ['kind'],
      registers,
    }),
    auditChainOk: new client.Gauge({
      name: 'warroom_audit_chain_ok',
      help: '1 when the last audit hash-chain verification passed, 0 when it found a broken link',
      registers,
    }),
    auditChainVerified: new client.Gauge({
      name: 'warroom_audit_chain_last_verified_timestamp_seconds',
      help: 'When the audit hash chain was last verified (Unix time)',
      registers,
    }),
  };
  for (const cause of ['disk_full', 'read_only', 'locked'] as const) m.storageFault.set({ cause }, 0);
  // Label sets the alerts and the dashboard read exist from the first scrape, at 0.
  for (const result of ['delivered', 'failed'] as const) m.webhookDeliveries.inc({ result }, 0);
  for (const kind of ['disk_full', 'read_only', 'locked'] as const) m.databaseErrors.inc({ kind }, 0);
  for (const kind of ['host_unreachable', 'auth_failed', 'host_key_unknown', 'host_key_changed'] as const)
    m.sshConnectionErrors.inc({ kind }, 0);
  for (const result of ['succeeded', 'failed', 'cancelled', 'timed_out', 'interrupted'] as const)
    m.runs.inc({ result }, 0);
  globalForMetrics.__warroomMetrics = m;
  return m;
}

/**
 * For the playbook runner and the reconciler: call once when a run reaches a
 * final state. The "runs interrupted" alert (deploy/prometheus) fires on
 * increase(warroom_playbook_runs_total{result="interrupted"}[15m]) > 0.
 */
export function recordPlaybookRun(result: PlaybookRunResult): void {
  metrics().runs.inc({ result });
}

/** "2xx", "4xx" …: a status class keeps the label set small and is what the 5xx-ratio alert needs. */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}
