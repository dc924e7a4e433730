import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUpload, MAX_INLINE_MARKERS } from './check-upload';
import { importPlan } from './import-plan';

/**
 * micromark's emphasis and link resolution is quadratic in the markers of
 * one paragraph: these inputs took 6–15 s each before the budget. Each must
 * now be refused at once, naming the paragraph's line.
 */

const fixture = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/tms-rca.md'), 'utf8');

function refusal(text: string) {
  const started = performance.now();
  const result = importPlan(text);
  const ms = performance.now() - started;
  if (result.ok) throw new Error('expected the import to fail');
  return { ...result.error, ms };
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
    expect(error.ms).toBeLessThan(500);
  });

  it('refuses many paragraphs each just under the limit (the sum is bounded too)', () => {
    const paragraph = `${'*a '.repeat(900)}${'a* '.repeat(900)}`;
    const text = `# Plan\n\n${Array.from({ length: 40 }, (_, i) => `## S${i}\n\n${paragraph}\n`).join('\n')}`;
    const error = refusal(text);
    expect(error.code).toBe('rca:too-deep');
    expect(error.message).toContain('too many long paragraphs');
    expect(error.line).toBeGreaterThan(5);
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

  it('accepts a paragraph just under the limit and parses it in bounded time', () => {
    const depth = Math.floor(MAX_INLINE_MARKERS / 2) - 2;
    const started = performance.now();
    const result = importPlan(`# Plan\n\n${'*a '.repeat(depth)}${'a* '.repeat(depth)}\n`);
    expect(result.ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
