import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, METRICS_TOKEN, PASSWORD } from './support/fixtures';

/**
 * Runs last (files run in name order, one worker): what the whole e2e run
 * left behind. A real scrape must pass `promtool check metrics` and show the
 * series the alerts and the dashboard use, with the values the run caused;
 * the server's whole log must hold no fixture secret.
 */
const LOG = () => path.join(process.env.E2E_DATA_DIR!, 'server.log');

function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      total += Number(m[4]);
      found = true;
    }
  }
  if (!found) throw new Error(`no sample ${name}${JSON.stringify(labels)} in the scrape`);
  return total;
}

test('a scrape after the run passes promtool and shows the series with the run in them', async ({ request }) => {
  const res = await request.get('/api/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status()).toBe(200);
  const text = await res.text();
  fs.writeFileSync(path.join(process.env.E2E_DATA_DIR!, 'scrape.prom'), text);

  const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  expect(`${lint.stdout}${lint.stderr}`.trim()).toBe('');
  expect(lint.status).toBe(0);

  // Names per convention: counters end in _total, nothing else does.
  const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name = '', type = '']) => ({ name, type }));
  for (const t of types) expect(t.name.endsWith('_total'), `${t.name} (${t.type})`).toBe(t.type === 'counter');
  const own = types.filter((t) => !/^(process|nodejs)_/.test(t.name));
  for (const t of own) expect(t.name).toMatch(/^warroom_/);

  // The run signed people in (and refused wrong passwords), ticked, published, delivered webhooks.
  expect(sample(text, 'warroom_sign_ins_total', { method: 'credentials', result: 'ok' })).toBeGreaterThan(5);
  expect(sample(text, 'warroom_sign_ins_total', { method: 'credentials', result: 'refused' })).toBeGreaterThan(0);
  expect(sample(text, 'warroom_checklist_ticks_total', { state: 'done' })).toBeGreaterThan(0);
  expect(sample(text, 'warroom_status_updates_published_total')).toBeGreaterThan(0);
  expect(sample(text, 'warroom_webhook_deliveries_total', { result: 'delivered' })).toBeGreaterThan(0);
  expect(sample(text, 'warroom_sse_connections')).toBeGreaterThanOrEqual(0);
  expect(sample(text, 'warroom_database_write_fault', { cause: 'disk_full' })).toBe(0);
  expect(sample(text, 'warroom_playbook_runs_total', { result: 'interrupted' })).toBeGreaterThanOrEqual(0);

  // HTTP durations by route template and status class — never by raw path.
  const pageViews = sample(text, 'warroom_http_request_duration_seconds_count', {
    route: '/incidents/[incidentSlug]',
    method: 'GET',
    status_class: '2xx',
  });
  expect(pageViews).toBeGreaterThan(0);
  expect(sample(text, 'warroom_http_request_duration_seconds_count', { status_class: '4xx' })).toBeGreaterThan(0);
  const routes = new Set(
    [...text.matchAll(/warroom_http_request_duration_seconds_count\{[^}]*route="([^"]+)"/g)].map(
      ([, route = '']) => route,
    ),
  );
  for (const r of routes) expect(r).toMatch(/^(\/[^/]*)*$|^(static-file|unmatched)$/);
  expect([...routes].some((r) => /tms|incident-\d/.test(r))).toBe(false);

  // Process metrics, with a sane resident set.
  const rss = sample(text, 'process_resident_memory_bytes');
  expect(rss).toBeGreaterThan(30 * 1024 * 1024);
  expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
});

test("the whole run's log is JSON with request ids, and holds no fixture secret", async () => {
  const log = fs.readFileSync(LOG(), 'utf8');
  const lines = log.split('\n').filter((l) => l.startsWith('{'));
  expect(lines.length).toBeGreaterThan(100);
  const entries = lines.map((l) => JSON.parse(l) as { msg?: string; reqId?: string });
  const requests = entries.filter((e) => e.msg === 'request');
  expect(requests.length).toBeGreaterThan(100);
  for (const e of requests) expect(e.reqId, JSON.stringify(e)).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
  // Every line logged while serving a request carries its id (lines without one come from start-up or
  // background tasks, which name themselves "task:…").
  const inRequests = entries.filter((e) => e.reqId);
  expect(inRequests.length).toBeGreaterThanOrEqual(requests.length);

  const secrets = [
    PASSWORD,
    METRICS_TOKEN,
    'e2e-auth-secret-0123456789abcdef0123456789',
    '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    // comms.spec.ts's webhook token and URL path; any posted URL would carry them
    'e2e-s3cret-t0ken-9a8b',
    '/services/T0/B0/',
    // passwords other specs type
    'csrf-password-1',
    'first-password-1',
    'tld-password-1',
    // every OpenSSH private key: its armour, and its body's first bytes ("openssh-key-v1\0", base64)
    'PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEA',
  ];
  for (const s of secrets) expect(log.includes(s), `the server log contains ${s}`).toBe(false);
  // A generated password is printed once at first start on purpose; none is generated in e2e.
  expect(log).not.toMatch(/password [A-Za-z0-9]{20}/);
});
