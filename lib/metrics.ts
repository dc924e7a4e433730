import client from 'prom-client';

/** Prometheus metrics for /api/metrics: the monitoring the fixture lacked. */
type Metrics = {
  registry: client.Registry;
  actions: client.Counter<'permission' | 'outcome'>;
  sseClients: client.Gauge;
  httpRequests: client.Counter<'route' | 'status'>;
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
  };
  globalForMetrics.__warroomMetrics = m;
  return m;
}
