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
 *   npx tsx bench/import.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { importPlan } from '../lib/rca/import-plan';
import { checkUpload, findMissingSections, findUnclosedFence, MAX_UPLOAD_BYTES } from '../lib/rca/check-upload';
import { parseWholeMarkdownTree } from '../lib/rca/markdown-tree';
import { buildPlan } from '../lib/rca/parse-plan';
import { syntheticPlan } from './synthetic-plan';

const TARGET_FIXTURE_MS = 50;
const TARGET_SYNTHETIC_1MB_MS = 1500;

interface Case {
  name: string;
  source: string;
  warmup: number;
  runs: number;
  pipeline?: (source: string) => unknown;
}

/** importPlan as it was before the split: one remark parse of the whole document. */
function importPlanWholeParse(source: string): unknown {
  const upload = checkUpload(source);
  if (!upload.ok) throw new Error(upload.message);
  const tree = parseWholeMarkdownTree(upload.text);
  if (findUnclosedFence(tree, upload.text) ?? findMissingSections(tree)) throw new Error('tree check failed');
  return buildPlan(tree, upload.text);
}

function main(): void {
  const fixture = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/tms-rca.md'), 'utf8');
  const synthetic = syntheticPlan(MAX_UPLOAD_BYTES - 4096);

  // The 256 KB row shows the growth: linear since the split parse; one whole
  // parse grew faster than size (micromark re-copies its whole event list each
  // time a list or quote closes), as the last row shows.
  const cases: Case[] = [
    { name: 'fixture (tms-rca.md)', source: fixture, warmup: 30, runs: 300 },
    { name: 'synthetic ~256 KB plan', source: syntheticPlan(256 * 1024), warmup: 2, runs: 15 },
    { name: 'synthetic ~1 MB plan', source: synthetic, warmup: 1, runs: 9 },
    { name: 'synthetic ~1 MB, whole parse (before)', source: synthetic, warmup: 0, runs: 1, pipeline: importPlanWholeParse },
  ];

  const rows = cases.map((c) => ({ ...c, bytes: Buffer.byteLength(c.source), stats: measure(c) }));
  printTable(rows);

  const [fixtureRow, , syntheticRow, beforeRow] = rows;
  console.log(
    `RESULT ${JSON.stringify({
      fixture_median_ms: round(fixtureRow.stats.median),
      fixture_p95_ms: round(fixtureRow.stats.p95),
      synthetic_1mb_median_ms: round(syntheticRow.stats.median),
      synthetic_1mb_median_cpu_ms: round(syntheticRow.stats.cpuMedian),
      synthetic_1mb_whole_parse_ms: round(beforeRow.stats.median),
      target_fixture_ms: TARGET_FIXTURE_MS,
      target_synthetic_1mb_ms: TARGET_SYNTHETIC_1MB_MS,
    })}`,
  );
}

interface Stats {
  median: number;
  p95: number;
  min: number;
  max: number;
  cpuMedian: number;
}

function measure({ name, source, warmup, runs, pipeline = importPlan }: Case): Stats {
  const check = importPlan(source);
  if (!check.ok) throw new Error(`${name} does not import: ${check.error.code} ${check.error.message}`);

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
    min: times[0],
    max: times[times.length - 1],
    cpuMedian: percentile(cpuTimes, 0.5),
  };
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function printTable(rows: Array<Case & { bytes: number; stats: Stats }>): void {
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
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  console.log(`target: fixture median <= ${TARGET_FIXTURE_MS} ms, synthetic ~1 MB median <= ${TARGET_SYNTHETIC_1MB_MS} ms`);
}

main();
