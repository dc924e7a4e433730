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

type Kind = 'counter' | 'gauge' | 'histogram';
type Definition<K extends Kind = Kind, L extends string = string> = {
  kind: K;
  name: string;
  help: string;
  labels: readonly L[];
  buckets?: readonly number[];
  /** Values of the one label that exist from the first scrape, at 0: the alerts and the dashboard read them. */
  preset?: readonly string[];
};
const row =
  <K extends Kind>(kind: K) =>
  <L extends string = never>(name: string, help: string, labels: readonly L[] = [], more: Partial<Definition> = {}) =>
    ({ kind, name, help, labels, ...more }) as Definition<K, L>;
const counter = row('counter');
const gauge = row('gauge');
const histogram = row('histogram');

const FAULT_CAUSES = ['disk_full', 'read_only', 'locked'];

/**
 * Every warroom series, one row each. The property name is what code calls
 * (`metrics().signIns.inc(…)`); `sseClients` keeps its old name for lib/realtime.
 */
const DEFINITIONS = {
  actions: counter('warroom_actions_total', 'Guarded actions by permission and outcome', ['permission', 'outcome']),
  // Up to 2 s matters for the p95 alert; streams (SSE) are long by design and excluded (server.ts).
  httpDuration: histogram(
    'warroom_http_request_duration_seconds',
    'HTTP request duration by route template, method and status class (2xx, 4xx, 5xx …)',
    ['route', 'method', 'status_class'],
    { buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10] },
  ),
  sseClients: gauge('warroom_sse_connections', 'Open server-sent event streams'),
  signIns: counter(
    'warroom_sign_ins_total',
    'Sign-in attempts by method (credentials, oidc …) and result (ok, refused, throttled, unavailable)',
    ['method', 'result'],
  ),
  checklistTicks: counter(
    'warroom_checklist_ticks_total',
    'Checklist items ticked (state=done) or unticked (state=undone), counted after commit',
    ['state'],
  ),
  statusUpdatesPublished: counter('warroom_status_updates_published_total', 'Status updates published, by audience', [
    'audience',
  ]),
  cadencesMissed: counter('warroom_cadences_missed_total', 'Status-update cadences that passed their due time unmet'),
  sshConnectionErrors: counter(
    'warroom_ssh_connection_errors_total',
    'SSH connections that never became usable, by kind (host_unreachable, auth_failed, host_key_unknown, host_key_changed)',
    ['kind'],
    { preset: ['host_unreachable', 'auth_failed', 'host_key_unknown', 'host_key_changed'] },
  ),
  sshCommandStarts: counter(
    'warroom_ssh_command_starts_total',
    'Commands started over SSH, by how: in a spare session started ahead (spare) or in a channel of their own (exec)',
    ['via'],
    { preset: ['spare', 'exec'] },
  ),
  sshSparesLost: counter(
    'warroom_ssh_spare_sessions_lost_total',
    'Spare sessions that ended or failed to start before a command took them (a host whose login shell cannot keep one shows these, then only exec starts)',
  ),
  databaseBusy: counter('warroom_database_busy_total', 'Writes refused: the database stayed locked past the timeout'),
  databaseErrors: counter(
    'warroom_database_errors_total',
    'Database errors by kind (disk_full, read_only, locked, corrupt, other)',
    ['kind'],
    { preset: FAULT_CAUSES },
  ),
  storageFault: gauge(
    'warroom_database_write_fault',
    '1 while the database refuses writes for this cause (disk_full, read_only, locked), else 0',
    ['cause'],
    { preset: FAULT_CAUSES },
  ),
  webhookDeliveries: counter(
    'warroom_webhook_deliveries_total',
    'Status-update webhook deliveries by final result (delivered, failed)',
    ['result'],
    { preset: ['delivered', 'failed'] },
  ),
  // The runner's (lib/playbooks/runner.ts).
  runs: counter(
    'warroom_playbook_runs_total',
    'Finished playbook runs by result (succeeded, failed, cancelled, timed_out, interrupted)',
    ['result'],
    { preset: ['succeeded', 'failed', 'cancelled', 'timed_out', 'interrupted'] },
  ),
  runsActive: gauge('warroom_playbook_runs_active', 'Playbook runs executing in this process'),
  stepDuration: histogram(
    'warroom_playbook_step_duration_seconds',
    'Duration of playbook steps on one host',
    ['kind'],
    {
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    },
  ),
  sshErrors: counter(
    'warroom_ssh_errors_total',
    'Playbook steps that did not get an exit status, by kind (timed_out, host_unreachable, disconnected, …)',
    ['kind'],
  ),
  auditChainOk: gauge('warroom_audit_chain_ok', '1 when the last audit hash-chain verification passed, else 0'),
  auditChainVerified: gauge(
    'warroom_audit_chain_last_verified_timestamp_seconds',
    'When the audit hash chain was last verified (Unix time)',
  ),
};

type Built<D> =
  D extends Definition<infer K, infer L>
    ? K extends 'counter'
      ? client.Counter<L>
      : K extends 'gauge'
        ? client.Gauge<L>
        : client.Histogram<L>
    : never;
type Metrics = { registry: client.Registry } & { [K in keyof typeof DEFINITIONS]: Built<(typeof DEFINITIONS)[K]> };

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

function build(d: Definition, registry: client.Registry): client.Metric {
  const config = { name: d.name, help: d.help, labelNames: [...d.labels], registers: [registry] };
  const label = d.labels[0];
  if (d.kind === 'histogram') return new client.Histogram({ ...config, ...(d.buckets && { buckets: [...d.buckets] }) });
  if (d.kind === 'gauge') {
    const g = new client.Gauge(config);
    for (const v of d.preset ?? []) if (label) g.set({ [label]: v }, 0);
    return g;
  }
  const c = new client.Counter(config);
  for (const v of d.preset ?? []) if (label) c.inc({ [label]: v }, 0);
  return c;
}

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
  const built = Object.fromEntries(Object.entries(DEFINITIONS).map(([key, d]) => [key, build(d, registry)]));
  const m = { registry, ...built } as Metrics;
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
