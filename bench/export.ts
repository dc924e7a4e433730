/**
 * bench/export: the post-mortem of a big incident — 10,000 timeline events and
 * 500 checklist items — on the built app. Starts warroom on a free port with a
 * throwaway database (e2e/support/serve.sh), loads the demo incident up to
 * that size with direct SQL, then measures over HTTP as a signed-in
 * commander:
 *   md_ms    GET …/postmortem?format=md    (load + render the Markdown)
 *   json_ms  GET …/postmortem?format=json  (load + schema check + JSON)
 *   page_ms  GET /incidents/<slug>/postmortem (server-rendered page; the full
 *            timeline is paged, so the draft reads only the key events)
 * and the re-import of that Markdown through the two entry points people use:
 *   reimport_ms      the import page's server action, POSTed to the running server as
 *                    the form does (cooperative parse in its input schema, one transaction)
 *   reimport_cli_ms  `warroom import <file>` (the CLI command in this process, same database)
 * each with its CPU time (the server's from /proc, the CLI's from this process).
 *
 *   node --conditions=react-server --import tsx bench/export.ts   (builds first if .next is missing)
 *
 * Targets: md ≤ 1000, json ≤ 1000, page ≤ 300, reimport ≤ 2000 (medians).
 * Last line: RESULT {"md_ms":…,"json_ms":…,"page_ms":…,"reimport_ms":…}.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, serveBuiltApp, waitHealthy } from './support/server';
import { callServerAction, processCpuMs, serverActionId } from './support/server-action';
import { median, percentile, round } from './support/stats';

const ROOT = path.join(__dirname, '..');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PASSWORD = 'e2e-password-123';

async function signIn(base: string, email: string): Promise<string> {
  const cookies = new Map<string, string>();
  const take = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${base}/api/auth/csrf`);
  take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: '/incidents' }),
  });
  take(res);
  if (![...cookies.keys()].some((k) => k.includes('session'))) throw new Error(`sign-in failed for ${email}`);
  return header();
}

/** Prisma's SQLite text format for DateTime. */
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

/** Grows the demo incident to EVENTS timeline events and ITEMS checklist items. */
async function loadUp(dbPath: string): Promise<{ slug: string; incidentId: string }> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(dbPath);
  db.pragma('busy_timeout = 10000');
  try {
    const inc = db.prepare('SELECT id, slug, detectedAt FROM "Incident" ORDER BY createdAt LIMIT 1').get() as {
      id: string;
      slug: string;
      detectedAt: string;
    };
    const have = (
      db
        .prepare(
          'SELECT count(*) AS n FROM "ChecklistItem" i JOIN "ChecklistGroup" g ON g.id = i.groupId JOIN "Checklist" c ON c.id = g.checklistId WHERE c.incidentId = ?',
        )
        .get(inc.id) as { n: number }
    ).n;
    const events = (
      db.prepare('SELECT count(*) AS n FROM "TimelineEvent" WHERE incidentId = ?').get(inc.id) as { n: number }
    ).n;
    const t0 = Date.parse(inc.detectedAt) - 6 * 3600_000;
    const id = () => crypto.randomUUID();
    db.transaction(() => {
      const checklistId = id();
      db.prepare('INSERT INTO "Checklist" (id, incidentId, position, kind, title) VALUES (?, ?, 99, ?, ?)').run(
        checklistId,
        inc.id,
        'other',
        'Bench load checklist',
      );
      const groupIns = db.prepare(
        'INSERT INTO "ChecklistGroup" (id, checklistId, position, title) VALUES (?, ?, ?, ?)',
      );
      const itemIns = db.prepare(
        'INSERT INTO "ChecklistItem" (id, groupId, position, text, depth, done, doneAt, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, 0, ?, ?, 1, ?, ?)',
      );
      let groupId = '';
      for (let n = 0; n < ITEMS - have; n++) {
        if (n % 25 === 0) {
          groupId = id();
          groupIns.run(groupId, checklistId, n / 25, `Load group ${n / 25 + 1}`);
        }
        const done = n % 2 === 0;
        const at = sqliteTime(t0 + n * 40_000);
        itemIns.run(
          id(),
          groupId,
          n % 25,
          `Load item ${n + 1}: verify service *${n}* on host_${n % 7}`,
          done ? 1 : 0,
          done ? at : null,
          at,
          at,
        );
      }
      const evIns = db.prepare(
        'INSERT INTO "TimelineEvent" (id, incidentId, at, recordedAt, kind, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const statuses = ['identified', 'mitigating', 'monitoring'];
      for (let n = 0; n < EVENTS - events; n++) {
        const at = sqliteTime(t0 + n * 2_000);
        const status = n > 0 && n % 3000 === 0 ? statuses[(n / 3000 - 1) % 3] : null;
        if (status) evIns.run(id(), inc.id, at, at, 'status', `Status investigating → ${status}`, '{}');
        else if (n % 40 === 0) evIns.run(id(), inc.id, at, at, 'checklist', `Ticked "Load item ${n}"`, '{}');
        // Notes as people write them; one in ten carries Markdown-significant
        // characters, which the export must escape and the importer read back.
        else
          evIns.run(
            id(),
            inc.id,
            at,
            at,
            'note',
            n % 10 === 0
              ? `Note ${n}: grep *next-server* | kill [pid 2645${n % 100}] <done> on web_${n % 5}`
              : `Note ${n}: restarted tms-frontend on web-${n % 5}, port 3000 free again`,
            '{}',
          );
      }
    })();
    return { slug: inc.slug, incidentId: inc.id };
  } finally {
    db.close();
  }
}

const p95 = (xs: number[]) => percentile(xs, 95);

async function timeGet(url: string, cookie: string): Promise<{ ms: number[]; body: string }> {
  const ms: number[] = [];
  let body = '';
  for (let i = 0; i < RUNS + 1; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    body = await res.text();
    const took = performance.now() - t;
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${body.slice(0, 200)}`);
    if (i > 0) ms.push(took); // the first request warms the route
  }
  return { ms, body };
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    console.error('bench/export: building first (next build)…');
    execFileSync('npx', ['next', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-export-'));
  const dbPath = path.join(dataDir, 'warroom.db');
  const { server, stop } = serveBuiltApp(ROOT, dataDir, port);
  try {
    await waitHealthy(base);
    const { slug } = await loadUp(dbPath);
    const cookie = await signIn(base, 'commander@e2e.test');
    const exportUrl = `${base}/api/incidents/${slug}/postmortem`;

    const md = await timeGet(`${exportUrl}?format=md`, cookie);
    const json = await timeGet(`${exportUrl}?format=json`, cookie);
    const page = await timeGet(`${base}/incidents/${slug}/postmortem`, cookie);
    const parsed = JSON.parse(json.body) as { timeline: unknown[]; checklists: { groups: { items: unknown[] }[] }[] };
    const items = parsed.checklists.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.items.length, 0), 0);
    if (parsed.timeline.length < EVENTS || items < ITEMS)
      throw new Error(`load too small: ${parsed.timeline.length} events, ${items} items`);
    if (!page.body.includes('Post-mortem:')) throw new Error('the page did not render the post-mortem');

    // Re-import that Markdown through the two entry points people use: the import page's server action,
    // called over HTTP on the running server as the form calls it (the cooperative parse in its input
    // schema, then one transaction), and `warroom import <file>` (the CLI command, in this process).
    const importAction = serverActionId(ROOT, 'app/(console)/incidents/actions.ts', 'importIncident');
    process.env.WARROOM_DATA_DIR = dataDir;
    process.env.WARROOM_CONFIG_DIR = path.join(dataDir, 'config');
    process.env.DATABASE_URL = `file:${dbPath}`;
    process.env.WARROOM_LOG_LEVEL = 'silent';
    const { importCommand } = await import('../lib/incidents/cli-commands');
    const { closeDb, db } = await import('../lib/db');
    const exportFile = path.join(dataDir, 'export.md');
    fs.writeFileSync(exportFile, md.body);
    // CPU time beside wall time: on a shared machine wall time measures the neighbours too.
    const ownCpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const timed = async (work: () => Promise<void>, cpuMs: () => number, wall: number[], cpu: number[]) => {
      const t = performance.now();
      const c = cpuMs();
      await work();
      wall.push(performance.now() - t);
      cpu.push(cpuMs() - c);
    };
    const reimport: number[] = [];
    const reimportCpu: number[] = [];
    const cli: number[] = [];
    const cliCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      await timed(
        async () => {
          const body = await callServerAction(
            base,
            '/incidents/import',
            importAction,
            [{ markdown: md.body, mode: 'create' }],
            cookie,
          );
          if (!body.includes('"ok":true')) throw new Error(`re-import failed: ${body.slice(0, 300)}`);
        },
        () => processCpuMs(server.pid!),
        reimport,
        reimportCpu,
      );
      await timed(
        async () => {
          // The command prints the new incident's URL and a note that it matches an open one; the table
          // is this script's output, so what it prints is kept and shown only when it fails.
          const printed: unknown[] = [];
          const { log, error } = console;
          console.log = console.error = (...args: unknown[]) => printed.push(args.join(' '));
          try {
            const code = await importCommand.run([exportFile]);
            if (code !== 0) throw new Error(`warroom import exited ${code}: ${printed.join('\n')}`);
          } finally {
            Object.assign(console, { log, error });
          }
        },
        ownCpuMs,
        cli,
        cliCpu,
      );
    }
    // Each import must have brought the whole timeline back, or the times measure less than the work.
    const imported = await db.incident.findMany({ where: { NOT: { slug } }, select: { id: true } });
    const importedEvents = await db.timelineEvent.count({
      where: { incidentId: { in: imported.map((i) => i.id) }, kind: 'imported' },
    });
    await closeDb();
    if (imported.length !== 6 || importedEvents < 6 * EVENTS)
      throw new Error(`expected 6 re-imports of ${EVENTS} events, found ${imported.length} with ${importedEvents}`);

    const rows: [string, number[], number][] = [
      ['md (GET export)', md.ms, 1000],
      ['json (GET export)', json.ms, 1000],
      ['page (GET, SSR)', page.ms, 300],
      ['re-import (import page action)', reimport, 2000],
      ['re-import (import page action), server CPU time', reimportCpu, NaN],
      ['re-import (warroom import)', cli, 2000],
      ['re-import (warroom import), CPU time', cliCpu, NaN],
    ];
    console.log(
      `\npost-mortem of ${parsed.timeline.length} events, ${items} checklist items; Markdown ${(md.body.length / 1_048_576).toFixed(2)} MiB, JSON ${(json.body.length / 1_048_576).toFixed(2)} MiB, page HTML ${(page.body.length / 1024).toFixed(0)} KiB`,
    );
    console.log('| measure | runs | median ms | p95 ms | target ms |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const [name, xs, target] of rows)
      console.log(
        `| ${name} | ${xs.length} | ${round(median(xs))} | ${round(p95(xs))} | ${Number.isNaN(target) ? '' : `≤ ${target}`} |`,
      );
    console.log(
      `RESULT ${JSON.stringify({
        md_ms: round(median(md.ms)),
        json_ms: round(median(json.ms)),
        page_ms: round(median(page.ms)),
        reimport_ms: round(median(reimport)),
        reimport_cpu_ms: round(median(reimportCpu)),
        reimport_cli_ms: round(median(cli)),
        reimport_cli_cpu_ms: round(median(cliCpu)),
        load_avg: os.loadavg()[0],
        md_bytes: md.body.length,
        events: parsed.timeline.length,
        items,
      })}`,
    );
  } finally {
    stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
