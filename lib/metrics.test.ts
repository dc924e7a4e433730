import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { metrics } from './metrics';

/**
 * The definitions table renders a scrape Prometheus accepts: Debian's
 * `promtool check metrics` on the registry's own text (the e2e run checks a
 * scrape with traffic in it, e2e/zz-after-run.spec.ts), names per
 * convention, and the preset label values present at 0 before anything happened.
 */
describe('lib/metrics definitions', () => {
  it('render a scrape that promtool accepts, named per convention, with the presets at 0', async () => {
    const m = metrics();
    m.httpDuration.observe({ route: '/incidents/[incidentSlug]', method: 'GET', status_class: '2xx' }, 0.02);
    m.signIns.inc({ method: 'credentials', result: 'ok' });
    m.sseClients.inc();
    const text = await m.registry.metrics();

    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`.trim()).toBe('');
    expect(lint.status).toBe(0);

    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name = '', type = '']) => ({ name, type }));
    for (const t of types) expect(t.name.endsWith('_total'), `${t.name} (${t.type})`).toBe(t.type === 'counter');
    for (const t of types.filter((x) => !/^(process|nodejs)_/.test(x.name))) expect(t.name).toMatch(/^warroom_/);
    expect(types.find((t) => t.name === 'warroom_http_request_duration_seconds')?.type).toBe('histogram');
    expect(types.find((t) => t.name === 'warroom_sse_connections')?.type).toBe('gauge');

    for (const line of [
      'warroom_database_write_fault{cause="disk_full"} 0',
      'warroom_database_errors_total{kind="locked"} 0',
      'warroom_webhook_deliveries_total{result="failed"} 0',
      'warroom_ssh_connection_errors_total{kind="host_key_changed"} 0',
      'warroom_playbook_runs_total{result="interrupted"} 0',
      'warroom_sign_ins_total{method="credentials",result="ok"} 1',
      'warroom_http_request_duration_seconds_bucket{le="0.025",route="/incidents/[incidentSlug]",method="GET",status_class="2xx"} 1',
    ])
      expect(text.split('\n')).toContain(line);
    expect(text).not.toMatch(/^nodejs_active_handles_total/m);
  });
});
