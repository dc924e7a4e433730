/** Percentiles, rounding and the table every bench prints before its `RESULT {json}` line. */

/** The middle value (the upper one of an even count); NaN for none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Nearest-rank percentile, `p` in 0…100: the smallest value with at least p % at or below it. NaN for none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A Markdown table (pasteable into a PR or a closing note); columns named in `right` are right-aligned. */
export function markdownTable(header: string[], rows: string[][], right: number[] = []): string {
  const align = header.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
