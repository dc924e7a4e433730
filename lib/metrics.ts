import client from 'prom-client';

/** Prometheus metrics for /api/metrics: the monitoring the fixture lacked. */
type Metrics = {
  registry: client.Registry;
  actions: client.Counter<'permission' | 'outcome'>;
  sseClients: client.Gauge;
  httpRequests: client.Counter<'route' | 'status'>;
  runs: client.Counter<'result'>;
  runsActive: client.Gauge;
  stepDuration: client.Histogram<'kind'>;
  sshErrors: client.Counter<'kind'>;
};

const globalForMetrics = globalThis as unknown as { __warroomMetrics?: Metrics };

export function metrics(): Metrics {
  if (globalForMetrics.__warroomMetrics) return globalForMetrics.__warroomMetrics;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'warroom_' });
  const m: Metrics = {
    registry,
    actions: new client.Counter({
      name: 'warroom_actions_total',
      help: 'Guarded actions by permission and outcome',
      labelNames: ['permission', 'outcome'],
      registers: [registry],
    }),
    sseClients: new client.Gauge({
      name: 'warroom_sse_clients',
      help: 'Open server-sent event streams',
      registers: [registry],
    }),
    httpRequests: new client.Counter({
      name: 'warroom_route_requests_total',
      help: 'Route handler requests',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    runs: new client.Counter({
      name: 'warroom_playbook_runs_total',
      help: 'Finished playbook runs by result',
      labelNames: ['result'],
      registers: [registry],
    }),
    runsActive: new client.Gauge({
      name: 'warroom_playbook_runs_active',
      help: 'Playbook runs executing in this process',
      registers: [registry],
    }),
    stepDuration: new client.Histogram({
      name: 'warroom_playbook_step_duration_seconds',
      help: 'Duration of playbook steps on one host, by step kind',
      labelNames: ['kind'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers: [registry],
    }),
    sshErrors: new client.Counter({
      name: 'warroom_ssh_errors_total',
      help: 'Playbook steps that did not get an exit status, by kind (timed_out, host_unreachable, disconnected, …)',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
  globalForMetrics.__warroomMetrics = m;
  return m;
}
