import { checkHealth } from '@/lib/health';
import { json, route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = route('health', { public: true, why: 'load balancers and uptime checks' }, async () => {
  const health = await checkHealth();
  return json(health.status === 'ok' ? 200 : 503, health);
});
