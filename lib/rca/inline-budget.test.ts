import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUpload, checkUploadSteps, MAX_INLINE_MARKERS } from './check-upload';
import type { Steps } from './cooperate';
import { importPlan, importPlanSteps } from './import-plan';

/**
 * micromark's emphasis and link resolution is quadratic in the markers of
 * one paragraph: these inputs took 6–15 s each before the budget. Each must
 * now be refused before the parser sees it, naming the paragraph's line.
 * "Before the parser" is counted, not timed: the import pipeline runs no
 * step beyond the upload checks. The times are rows of bench/import.ts.
 */

const fixture = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/tms-rca.md'), 'utf8');

function countSteps<T>(steps: Steps<T>): { steps: number; result: T } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { steps: count, result: step.value };
    count++;
  }
}

/** The import's error, and whether the pipeline stopped within the upload checks. */
function refusal(text: string) {
  const pipeline = countSteps(importPlanSteps(text));
  const uploadChecks = countSteps(checkUploadSteps(text));
  if (pipeline.result.ok) throw new Error('expected the import to fail');
  return { ...pipeline.result.error, refusedBeforeParse: pipeline.steps === uploadChecks.steps };
}

describe('the inline-markup budget', () => {
  it.each([
    ['4,000 nested emphasis openers and closers', `${'*a '.repeat(4000)}${'a* '.repeat(4000)}`],
    ['4,000 emphasis openers', '*a '.repeat(4000)],
    ['16,000 unmatched closers', 'a* '.repeat(16_000)],
    ['16,000 unmatched label ends', 'a] '.repeat(16_000)],
    ['16,000 mixed _ openers and * closers', '_a a* '.repeat(16_000)],
    ['4,000 nested emphasis, one per line', `${'*a\n'.repeat(4000)}${'a*\n'.repeat(4000)}`],
  ])('refuses %s at once, naming the line', (_, paragraph) => {
    const error = refusal(`# Plan\n\n## Notes\n\n${paragraph}\n`);
    expect(error).toMatchObject({ code: 'rca:too-deep', line: 5 });
    expect(error.message).toContain('The paragraph at line 5 has');
    expect(error.message).toContain(`the limit is ${MAX_INLINE_MARKERS.toLocaleString('en-US')}`);
    expect(error.refusedBeforeParse).toBe(true);
  });

  it('refuses many paragraphs each just under the limit (the sum is bounded too)', () => {
    const paragraph = `${'*a '.repeat(900)}${'a* '.repeat(900)}`;
    const text = `# Plan\n\n${Array.from({ length: 40 }, (_, i) => `## S${i}\n\n${paragraph}\n`).join('\n')}`;
    const error = refusal(text);
    expect(error.code).toBe('rca:too-deep');
    expect(error.message).toContain('too many long paragraphs');
    expect(error.line).toBeGreaterThan(5);
    expect(error.refusedBeforeParse).toBe(true);
  });

  it('does not count fenced code, and accepts the fixture and marker-rich ordinary text', () => {
    const code = Array.from({ length: 3000 }, (_, i) => `[[ -f a_${i} ]] && echo "*" \`x\` <y> &z`).join('\n');
    expect(checkUpload(`# Plan\n\n\`\`\`bash\n${code}\n\`\`\`\n`).ok).toBe(true);
    expect(checkUpload(fixture).ok).toBe(true);
    const list = Array.from(
      { length: 3000 },
      (_, i) => `- [ ] **Step ${i}**: run \`cmd_${i}\` ([doc](https://x.example/${i}))`,
    ).join('\n');
    expect(checkUpload(`# Plan\n\n## Deployment checklist\n${list}\n`).ok).toBe(true);
    const prose = Array.from(
      { length: 2000 },
      () => 'Some **bold** and _em_ text with a [link](https://x.example) and `code`.',
    ).join('\n\n');
    expect(checkUpload(`# Plan\n\n${prose}\n`).ok).toBe(true);
  });

  it('accepts a paragraph just under the limit (bench/import.ts times it)', { timeout: 60_000 }, () => {
    const depth = Math.floor(MAX_INLINE_MARKERS / 2) - 2;
    const paragraph = `${'*a '.repeat(depth)}${'a* '.repeat(depth)}`;
    expect(checkUpload(`# Plan\n\n${paragraph}\n`).ok).toBe(true);
    const result = importPlan(`# Plan\n\n${paragraph}\n`);
    expect(result.ok && result.plan.summary).toBe(paragraph.trim());
  });
});
