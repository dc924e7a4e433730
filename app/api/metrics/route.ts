import { route } from '@/lib/http/route';
import { metrics } from '@/lib/metrics';

export const dynamic = 'force-dynamic';

export const GET = route(
  'metrics',
  { public: true, why: 'Prometheus scrapes it; it holds counts, never secrets' },
  async () => {
    const { registry } = metrics();
    return new Response(await registry.metrics(), {
      headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
    });
  },
);
