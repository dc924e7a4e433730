/**
 * RCA import speed: the reference fixture and a synthetic ~1 MB plan, through
 * the whole pipeline the app runs (`importPlan`: upload checks, parse, tree
 * checks, plan). Prints a table and a final `RESULT {…}` line for tooling.
 *
 * The last row is the same 1 MB plan through one whole-document remark parse,
 * the way importPlan parsed before the split (split-parse.ts): the "before".
 * The machine is shared, so the table also shows CPU time (this process, all
 * threads), which moves less than wall time when other jobs run.
 *
 * A second table is about the event loop, not speed: while the 1 MB plan is
 * imported, a `setInterval(…, 1)` timer notes the longest gap between its
 * ticks, i.e. the longest time nothing else (a request, a live stream) could
 * run. `importPlan` holds the loop for the whole import; `importPlanAsync`
 * pauses between pieces and steps (every ~8 ms of work).
 *
 * The times lib/rca's tests used to assert live here too (tests count
 * instead): the inline-markup refusals (target: at once, <= 500 ms), a
 * paragraph just under the inline limit (accepted, <= 3 s), and how soon an
 * aborted importPlanAsync stops.
 *
 *   npx tsx bench/import.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { importPlan, importPlanAsync } from '../lib/rca/import-plan';
import {
  checkUpload,
  findMissingSections,
  findUnclosedFence,
  MAX_INLINE_MARKERS,
  MAX_UPLOAD_BYTES,
} from '../lib/rca/check-upload';
import { parseWholeMarkdownTree } from '../lib/rca/markdown-tree';
import { buildPlan } from '../lib/rca/parse-plan';
import { syntheticPlan } from './synthetic-plan';

const TARGET_FIXTURE_MS = 50;
const TARGET_SYNTHETIC_1MB_MS = 1500;
const TARGET_REFUSAL_MS = 500;
const TARGET_INLINE_LIMIT_MS = 3000;

interface Case {
  name: string;
  source: string;
  warmup: number;
  runs: number;
  pipeline?: (source: string) => unknown;
  /** The import must fail with this code (refusal rows). */
  refusedWith?: string;
}

const inlineDepth = Math.floor(MAX_INLINE_MARKERS / 2) - 2;
const notes = (paragraph: string) => `# Plan\n\n## Notes\n\n${paragraph}\n`;

/** importPlan as it was before the split: one remark parse of the whole document. */
function importPlanWholeParse(source: string): unknown {
  const upload = checkUpload(source);
  if (!upload.ok) throw new Error(upload.message);
  const tree = parseWholeMarkdownTree(upload.text);
  if (findUnclosedFence(tree, upload.text) ?? findMissingSections(tree)) throw new Error('tree check failed');
  return buildPlan(tree, upload.text);
}

async function main(): Promise<void> {
  const fixture = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/tms-rca.md'), 'utf8');
  const synthetic = syntheticPlan(MAX_UPLOAD_BYTES - 4096);

  // The 256 KB row shows the growth: linear since the split parse; one whole
  // parse grew faster than size (micromark re-copies its whole event list each
  // time a list or quote closes), as the last row shows.
  const cases: Case[] = [
    { name: 'fixture (tms-rca.md)', source: fixture, warmup: 30, runs: 300 },
    { name: 'synthetic ~256 KB plan', source: syntheticPlan(256 * 1024), warmup: 2, runs: 15 },
    { name: 'synthetic ~1 MB plan', source: synthetic, warmup: 1, runs: 9 },
    {
      name: 'synthetic ~1 MB, whole parse (before)',
      source: synthetic,
      warmup: 0,
      runs: 1,
      pipeline: importPlanWholeParse,
    },
  ];

  const rows = cases.map((c) => ({ ...c, bytes: Buffer.byteLength(c.source), stats: measure(c) }));
  printTable(rows);

  const inlineCases: Case[] = [
    {
      name: 'refuse 4,000 nested emphasis markers',
      source: notes(`${'*a '.repeat(4000)}${'a* '.repeat(4000)}`),
      warmup: 2,
      runs: 15,
      refusedWith: 'rca:too-deep',
    },
    {
      name: 'refuse 16,000 unmatched label ends',
      source: notes('a] '.repeat(16_000)),
      warmup: 2,
      runs: 15,
      refusedWith: 'rca:too-deep',
    },
    {
      name: 'refuse 40 paragraphs just under the limit',
      source: `# Plan\n\n${Array.from({ length: 40 }, (_, i) => `## S${i}\n\n${'*a '.repeat(900)}${'a* '.repeat(900)}\n`).join('\n')}`,
      warmup: 2,
      runs: 15,
      refusedWith: 'rca:too-deep',
    },
    {
      name: 'accept a paragraph just under the limit',
      source: `# Plan\n\n${'*a '.repeat(inlineDepth)}${'a* '.repeat(inlineDepth)}\n`,
      warmup: 1,
      runs: 5,
    },
  ];
  const inlineRows = inlineCases.map((c) => ({ ...c, bytes: Buffer.byteLength(c.source), stats: measure(c) }));
  console.log();
  printTable(
    inlineRows,
    `target: each refusal median <= ${TARGET_REFUSAL_MS} ms, the accepted paragraph median <= ${TARGET_INLINE_LIMIT_MS} ms`,
  );
  const abortStats = await measureAbort(syntheticPlan(256 * 1024), 20, STALL_RUNS);
  console.log();
  console.log(
    `abort of importPlanAsync (~256 KB plan) 20 ms in: stopped ${abortStats.median.toFixed(2)} ms after the abort (median of ${STALL_RUNS}, worst ${abortStats.worst.toFixed(2)} ms); whole import ${abortStats.whole.toFixed(2)} ms`,
  );

  const stallRows: StallRow[] = [
    { name: 'synthetic ~1 MB, importPlan (sync)', stats: await measureStalls(() => importPlan(synthetic), STALL_RUNS) },
    {
      name: 'synthetic ~1 MB, importPlanAsync',
      stats: await measureStalls(() => importPlanAsync(synthetic), STALL_RUNS),
    },
  ];
  console.log();
  printStallTable(stallRows);

  const [fixtureRow, , syntheticRow, beforeRow] = rows;
  const refusalRows = inlineRows.filter((r) => r.refusedWith);
  const acceptedRow = inlineRows.find((r) => !r.refusedWith);
  const [syncStall, asyncStall] = stallRows;
  if (!fixtureRow || !syntheticRow || !beforeRow || !acceptedRow || !syncStall || !asyncStall) {
    throw new Error('a bench row is missing');
  }
  console.log(
    `RESULT ${JSON.stringify({
      fixture_median_ms: round(fixtureRow.stats.median),
      fixture_p95_ms: round(fixtureRow.stats.p95),
      synthetic_1mb_median_ms: round(syntheticRow.stats.median),
      synthetic_1mb_median_cpu_ms: round(syntheticRow.stats.cpuMedian),
      synthetic_1mb_whole_parse_ms: round(beforeRow.stats.median),
      target_fixture_ms: TARGET_FIXTURE_MS,
      target_synthetic_1mb_ms: TARGET_SYNTHETIC_1MB_MS,
      async_1mb_max_stall_ms: round(asyncStall.stats.worstStall),
      sync_1mb_max_stall_ms: round(syncStall.stats.worstStall),
      inline_refusal_max_median_ms: round(Math.max(...refusalRows.map((r) => r.stats.median))),
      inline_accepted_median_ms: round(acceptedRow.stats.median),
      target_inline_refusal_ms: TARGET_REFUSAL_MS,
      target_inline_accepted_ms: TARGET_INLINE_LIMIT_MS,
      abort_256kb_stop_median_ms: round(abortStats.median),
    })}`,
  );
}

// ---------------------------------------------------------------------------
// Event-loop stalls

const STALL_RUNS = 5;

interface StallStats {
  runs: number;
  /** Longest tick gap of each run: median and worst over the runs. */
  medianStall: number;
  worstStall: number;
  /** Wall time of the import, median over the runs. */
  medianWall: number;
  /** Timer ticks during one import, median over the runs. */
  medianTicks: number;
}

interface StallRow {
  name: string;
  stats: StallStats;
}

/**
 * Runs `work` `runs` times (after one warm-up) with a 1 ms interval timer
 * going, and notes the longest gap between two ticks, counting from the start
 * of the work to its end: a sync import is one gap as long as itself.
 */
async function measureStalls(work: () => unknown, runs: number): Promise<StallStats> {
  await work();
  const stalls: number[] = [];
  const walls: number[] = [];
  const ticks: number[] = [];
  for (let i = 0; i < runs; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the loop settle between runs
    let ticked = 0;
    let maxGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticked++;
    }, 1);
    const start = performance.now();
    last = start;
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
    const end = performance.now();
    stalls.push(Math.max(maxGap, end - last));
    walls.push(end - start);
    ticks.push(ticked);
  }
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  return {
    runs,
    medianStall: percentile(sorted(stalls), 0.5),
    worstStall: Math.max(...stalls),
    medianWall: percentile(sorted(walls), 0.5),
    medianTicks: percentile(sorted(ticks), 0.5),
  };
}

function printStallTable(rows: StallRow[]): void {
  const header = [
    'event loop during import',
    'runs',
    'max stall ms (median)',
    'max stall ms (worst)',
    'wall ms (median)',
    '1 ms ticks (median)',
  ];
  const body = rows.map((r) => [
    r.name,
    String(r.stats.runs),
    r.stats.medianStall.toFixed(2),
    r.stats.worstStall.toFixed(2),
    r.stats.medianWall.toFixed(2),
    String(r.stats.medianTicks),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  console.log(
    'max stall: longest gap between ticks of a setInterval(…, 1) timer while the import runs (RESULT: worst run)',
  );
}

/**
 * Starts importPlanAsync, aborts it `afterMs` later, and notes how long after
 * the abort the promise rejected (it stops at its next pause).
 */
async function measureAbort(
  source: string,
  afterMs: number,
  runs: number,
): Promise<{ median: number; worst: number; whole: number }> {
  const stops: number[] = [];
  for (let i = 0; i < runs; i++) {
    const abort = new AbortController();
    const running = importPlanAsync(source, { signal: abort.signal });
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      abort.abort();
    }, afterMs);
    const outcome = await running.then(
      () => 'finished',
      (error: unknown) => ((error as Error).name === 'AbortError' ? 'aborted' : 'failed'),
    );
    if (outcome !== 'aborted') throw new Error(`abort run ${i}: the import ${outcome} instead of stopping`);
    stops.push(performance.now() - abortedAt);
  }
  const start = performance.now();
  importPlan(source);
  const whole = performance.now() - start;
  stops.sort((a, b) => a - b);
  return { median: percentile(stops, 0.5), worst: stops.at(-1) ?? 0, whole };
}

interface Stats {
  median: number;
  p95: number;
  min: number;
  max: number;
  cpuMedian: number;
}

function measure({ name, source, warmup, runs, pipeline = importPlan, refusedWith }: Case): Stats {
  const check = importPlan(source);
  if (refusedWith && (check.ok || check.error.code !== refusedWith)) {
    throw new Error(`${name} is not refused with ${refusedWith}`);
  }
  if (!refusedWith && !check.ok) throw new Error(`${name} does not import: ${check.error.code} ${check.error.message}`);

  for (let i = 0; i < warmup; i++) pipeline(source);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    pipeline(source);
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  return {
    median: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    min: times[0] ?? 0,
    max: times.at(-1) ?? 0,
    cpuMedian: percentile(cpuTimes, 0.5),
  };
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function printTable(
  rows: Array<Case & { bytes: number; stats: Stats }>,
  target = `target: fixture median <= ${TARGET_FIXTURE_MS} ms, synthetic ~1 MB median <= ${TARGET_SYNTHETIC_1MB_MS} ms`,
): void {
  const header = ['case', 'bytes', 'runs', 'median ms', 'p95 ms', 'min ms', 'max ms', 'cpu median ms'];
  const body = rows.map((r) => [
    r.name,
    r.bytes.toLocaleString('en-US'),
    String(r.runs),
    r.stats.median.toFixed(2),
    r.stats.p95.toFixed(2),
    r.stats.min.toFixed(2),
    r.stats.max.toFixed(2),
    r.stats.cpuMedian.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  console.log(target);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
