import { getMetricsToken } from '@/lib/env';
import { json, route } from '@/lib/http/route';
import { metrics } from '@/lib/metrics';
import { checkMetricsAuth } from '@/lib/ops/metrics-auth';

export const dynamic = 'force-dynamic';

export const GET = route(
  'metrics',
  { public: true, why: 'Prometheus has no session: a bearer token (WARROOM_METRICS_TOKEN) is checked inside' },
  async ({ request }) => {
    const auth = checkMetricsAuth(request.headers.get('authorization'), getMetricsToken());
    if (auth === 'unconfigured') {
      return json(503, {
        error: {
          code: 'unavailable:metrics-token',
          message:
            'No metrics token is configured: set WARROOM_METRICS_TOKEN (or run `warroom prepare` to generate one).',
        },
      });
    }
    if (auth !== 'ok') {
      return json(
        401,
        {
          error: {
            code: 'unauthenticated:metrics',
            message:
              auth === 'missing'
                ? 'Send Authorization: Bearer <WARROOM_METRICS_TOKEN>.'
                : 'That metrics token is not the configured one.',
          },
        },
        { 'www-authenticate': 'Bearer realm="warroom-metrics"' },
      );
    }
    const { registry } = metrics();
    return new Response(await registry.metrics(), {
      headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
    });
  },
);
