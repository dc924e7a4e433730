/**
 * bench/ticks: the built app under a live-incident load. Starts warroom on a
 * free port with a throwaway database, opens 50 SSE clients on the fixture's
 * incident, fires 200 ticks from several signed-in sessions, and measures
 * from the POST to each client's receipt of the change. Two phases: paced
 * (BENCH_RATE ticks/s, default 20 — a team working a checklist hard) and
 * stress (BENCH_CONCURRENCY requests always in flight, default 8).
 *
 *   npx tsx bench/ticks.ts            (builds first if needed)
 *
 * BENCH_SOAK_S (default 0) adds a soak: paced ticks for that many seconds
 * after the two phases (BENCH_SOAK_S=600 is the issue's "10 minutes of the
 * tick bench"). The server's resident memory is read from /proc after start,
 * every second, and at the end.
 *
 * Last line: RESULT {"p95_ms":…, "lost":…, "errors":…, "rss_mb":…}. Targets:
 * p95 ≤ 100 ms; rss_mb ≤ 250.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { channelNames, formatChannelQuery } from '../lib/realtime/channel-names';
import { freePort, serveBuiltApp, waitHealthy } from './support/server';
import { percentile, round } from './support/stats';

const ROOT = path.join(__dirname, '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const TICKS = Number(process.env.BENCH_TICKS ?? 200);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SOAK_S = Number(process.env.BENCH_SOAK_S ?? 0);
const PASSWORD = 'e2e-password-123';

/** Resident set of a process in MB, from /proc (VmRSS), or NaN once it is gone. */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 102.4) / 10 : NaN;
  } catch {
    return NaN;
  }
}

/** The server's own view of its memory, from a scrape (serve.sh's e2e metrics token). */
async function heapBreakdown(base: string): Promise<{ heapUsed: number; heapTotal: number; external: number }> {
  const token = process.env.WARROOM_METRICS_TOKEN ?? 'e2e-metrics-token-5f1c0a9b7d3e4f21';
  const text = await (await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const mb = (name: string) => {
    const v = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
    return v ? Math.round(Number(v) / 104857.6) / 10 : NaN;
  };
  return {
    heapUsed: mb('nodejs_heap_size_used_bytes'),
    heapTotal: mb('nodejs_heap_size_total_bytes'),
    external: mb('nodejs_external_memory_bytes'),
  };
}

class Jar {
  cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      if (i > 0) this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function signIn(base: string, email: string): Promise<Jar> {
  const jar = new Jar();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: '/incidents' }),
  });
  jar.take(res);
  if (![...jar.cookies.keys()].some((k) => k.includes('session'))) throw new Error(`sign-in failed for ${email}`);
  return jar;
}

type Receipt = Map<string, number>; // `${itemId}:${version}` → ms timestamp

function openStream(base: string, slug: string, jar: Jar, receipts: Receipt, ready: () => void, abort: AbortSignal) {
  // The tab stream, as a browser opens it (lib/realtime/stream-client.ts).
  return fetch(`${base}/api/stream?${formatChannelQuery([{ name: channelNames.incident(slug) }])}`, {
    headers: { cookie: jar.header(), accept: 'text/event-stream' },
    signal: abort,
  }).then(async (res) => {
    if (!res.ok || !res.body) throw new Error(`stream: HTTP ${res.status}`);
    ready();
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const now = performance.now();
      buf += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        if (!frame.includes('event: checklist.item')) continue;
        const { data } = JSON.parse(
          frame
            .split('\n')
            .find((l) => l.startsWith('data: '))!
            .slice(6),
        ) as { channel: string; data: { id: string; version: number } };
        receipts.set(`${data.id}:${data.version}`, now);
      }
    }
  });
}

type Phase = { sent: { key: string; t0: number }[]; conflicts: number; errors: number };

function summarize(phase: Phase, receipts: Receipt[]) {
  const latencies: number[] = [];
  let lost = 0;
  for (const { key, t0 } of phase.sent) {
    for (const r of receipts) {
      const t = r.get(key);
      if (t === undefined) lost++;
      else latencies.push(t - t0);
    }
  }
  latencies.sort((x, y) => x - y);
  return {
    n: latencies.length,
    lost,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies[latencies.length - 1] ?? NaN),
  };
}

async function main() {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-'));
  const { server, stop } = serveBuiltApp(ROOT, dataDir, port);
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(server.pid!) || 0)), 1000);
  try {
    await waitHealthy(base);
    // serve.sh execs the server, so its PID is the one spawned here.
    const rssStart = rssMb(server.pid!);
    const cliEnv = {
      ...process.env,
      WARROOM_DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, 'warroom.db')}`,
      WARROOM_LOG_LEVEL: 'silent',
    };
    const { slug } = JSON.parse(
      execFileSync('npm', ['run', '-s', 'warroom', '--', 'import', path.join(ROOT, 'fixtures/tms-rca.md'), '--json'], {
        cwd: ROOT,
        env: cliEnv,
        encoding: 'utf8',
      }),
    );
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(dataDir, 'warroom.db'), { readonly: true });
    const items = db
      .prepare(
        `SELECT i.id, i.version, i.done FROM "ChecklistItem" i JOIN "ChecklistGroup" g ON g.id = i.groupId JOIN "Checklist" c ON c.id = g.checklistId JOIN "Incident" n ON n.id = c.incidentId WHERE n.slug = ?`,
      )
      .all(slug) as { id: string; version: number; done: number }[];
    db.close();
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ROOT, '.next/server/server-reference-manifest.json'), 'utf8'),
    );
    const actionId = Object.entries<{ filename: string; exportedName: string }>(manifest.node).find(
      ([, e]) =>
        e.filename === 'app/(console)/incidents/[incidentSlug]/actions.ts' && e.exportedName === 'tickChecklistItem',
    )![0];

    const roles = ['responder', 'commander', 'admin'];
    const jars: Jar[] = [];
    for (let i = 0; i < SESSIONS; i++) jars.push(await signIn(base, `${roles[i % roles.length]}@e2e.test`));
    const jarFor = (n: number): Jar => {
      const jar = jars[n % jars.length];
      if (!jar) throw new Error('no signed-in session');
      return jar;
    };
    const viewer = await signIn(base, 'viewer@e2e.test');

    const abort = new AbortController();
    const receipts: Receipt[] = [];
    let readyCount = 0;
    const allReady = new Promise<void>((resolve) => {
      for (let i = 0; i < CLIENTS; i++) {
        const r: Receipt = new Map();
        receipts.push(r);
        openStream(base, slug, viewer, r, () => ++readyCount === CLIENTS && resolve(), abort.signal).catch(() => {});
      }
    });
    await allReady;

    const state = new Map(items.map((i) => [i.id, { version: i.version, done: Boolean(i.done), busy: false }]));
    async function tick(n: number, jar: Jar, out: Phase) {
      const item = items[n % items.length];
      const s = item && state.get(item.id);
      if (!item || !s) throw new Error(`tick ${n}: no checklist item to tick`);
      while (s.busy) await new Promise((r) => setTimeout(r, 1));
      s.busy = true;
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/incidents/${slug}`, {
          method: 'POST',
          headers: {
            'Next-Action': actionId,
            Origin: base,
            'content-type': 'text/plain;charset=UTF-8',
            accept: 'text/x-component',
            cookie: jar.header(),
          },
          body: JSON.stringify([{ itemId: item.id, done: !s.done, version: s.version }]),
        });
        const body = await res.text();
        if (body.includes('"ok":true')) {
          s.version += 1;
          s.done = !s.done;
          out.sent.push({ key: `${item.id}:${s.version}`, t0 });
        } else if (body.includes('conflict:')) out.conflicts++;
        else out.errors++;
      } catch {
        out.errors++;
      } finally {
        s.busy = false;
      }
    }

    // Paced: a team ticking at RATE per second from SESSIONS sessions, each
    // tick fired on schedule whether or not the previous one has answered.
    const paced: Phase = { sent: [], conflicts: 0, errors: 0 };
    const pending: Promise<void>[] = [];
    const t0 = performance.now();
    for (let n = 0; n < TICKS; n++) {
      const due = t0 + (n * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(tick(n, jarFor(n), paced));
    }
    await Promise.all(pending);
    await new Promise((r) => setTimeout(r, 1500));

    // Stress: CONCURRENCY closed loops, each firing its next tick as soon as the last answered.
    const stress: Phase = { sent: [], conflicts: 0, errors: 0 };
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        while (next < TICKS) await tick(TICKS + next++, jarFor(w), stress);
      }),
    );
    await new Promise((r) => setTimeout(r, 1500));

    // Soak: the paced load for SOAK_S seconds, to see memory settle (or not).
    const soak: Phase = { sent: [], conflicts: 0, errors: 0 };
    const soakEnd = performance.now() + SOAK_S * 1000;
    const soakPending: Promise<void>[] = [];
    for (let n = 0; performance.now() < soakEnd; n++) {
      await new Promise((r) => setTimeout(r, 1000 / RATE));
      soakPending.push(tick(2 * TICKS + n, jarFor(n), soak));
      if (soakPending.length > 1000) await Promise.all(soakPending.splice(0));
    }
    await Promise.all(soakPending);
    const rssEnd = rssMb(server.pid!);
    const heap = await heapBreakdown(base);
    abort.abort();

    const a = summarize(paced, receipts);
    const b = summarize(stress, receipts);
    const head = ['', `paced ${RATE}/s`, `stress ${CONCURRENCY} in flight`] as const;
    const rows: [string, string, string][] = [
      ['SSE clients', String(CLIENTS), String(CLIENTS)],
      ['sessions ticking', String(SESSIONS), String(SESSIONS)],
      ['ticks fired / applied', `${TICKS} / ${paced.sent.length}`, `${TICKS} / ${stress.sent.length}`],
      ['conflicts', String(paced.conflicts), String(stress.conflicts)],
      ['deliveries measured', String(a.n), String(b.n)],
      ['p50 POST→receipt ms', String(a.p50), String(b.p50)],
      ['p95 POST→receipt ms', String(a.p95), String(b.p95)],
      ['p99 POST→receipt ms', String(a.p99), String(b.p99)],
      ['max ms', String(a.max), String(b.max)],
      ['lost events', String(a.lost), String(b.lost)],
      ['errors', String(paced.errors), String(stress.errors)],
    ];
    const memory: [string, string][] = [
      ['server RSS after start', `${rssStart} MB`],
      [
        `server RSS at end${SOAK_S ? ` (after ${SOAK_S} s soak, ${soak.sent.length} ticks, ${soak.errors} errors)` : ''}`,
        `${rssEnd} MB`,
      ],
      ['server RSS peak (1 s samples)', `${rssPeak} MB`],
      ['  of which V8 heap used / total', `${heap.heapUsed} / ${heap.heapTotal} MB`],
      ['  of which external (buffers, SQLite)', `${heap.external} MB`],
    ];
    console.log(`${head[0].padEnd(24)} ${head[1].padStart(12)} ${head[2].padStart(20)}`);
    for (const [k, v, w] of rows) console.log(`${k.padEnd(24)} ${v.padStart(12)} ${w.padStart(20)}`);
    for (const [k, v] of memory) console.log(`${k.padEnd(58)} ${v.padStart(10)}`);
    console.log(
      `RESULT ${JSON.stringify({
        p50_ms: a.p50,
        p95_ms: a.p95,
        p99_ms: a.p99,
        lost: a.lost + b.lost,
        errors: paced.errors + stress.errors,
        rate_per_s: RATE,
        stress_p95_ms: b.p95,
        stress_in_flight: CONCURRENCY,
        clients: CLIENTS,
        rss_start_mb: rssStart,
        rss_mb: rssEnd,
        rss_peak_mb: rssPeak,
        soak_s: SOAK_S,
      })}`,
    );
  } finally {
    clearInterval(sampler);
    stop();
    await new Promise((r) => setTimeout(r, 1000));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
