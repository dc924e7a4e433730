import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticPlan } from '../../bench/synthetic-plan';
import { MAX_UPLOAD_BYTES } from './check-upload';
import { importPlan, importPlanAsync } from './import-plan';
import { generateDocument, TEST_DOCUMENTS, TRAPS } from '../../tests/support/rca-documents';

/**
 * importPlanAsync runs the very steps importPlan runs (cooperate.ts), only
 * pausing between them: its result must be the same, for good documents and
 * for every refusal, and it must really let the event loop run meanwhile.
 */

const fixturePath = path.join(import.meta.dirname, '../../fixtures/tms-rca.md');
const fixtureBytes = fs.readFileSync(fixturePath);
const fixture = fixtureBytes.toString('utf8');

async function expectSameResult(input: Uint8Array | string, yieldEvery?: number): Promise<void> {
  const sync = importPlan(input);
  const async = await importPlanAsync(input, yieldEvery === undefined ? undefined : { yieldEvery });
  expect(async).toStrictEqual(sync);
}

const nested = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- [ ] l${i}`).join('\n');
const underInlineLimit = 998;

// The inputs check-upload.test.ts and inline-budget.test.ts refuse (or just accept) before or after parsing.
const BAD_INPUTS: Array<[string, Uint8Array | string]> = [
  ['empty', ''],
  ['blank bytes', Buffer.from('  \n\t\n')],
  ['NUL byte', Buffer.from('# Title\nok\n\u0000\u0001\u0002')],
  ['NUL in a string', '# Title\nok\n\u0000'],
  ['not UTF-8', Buffer.from([0x23, 0x20, 0xc3, 0x28, 0xff])],
  ['5 MB', Buffer.alloc(5 * 1024 * 1024, 'a')],
  ['1.2 MB of 3-byte characters', '€'.repeat(400_000)],
  ['just under 1 MiB of one paragraph', `# ok\n${'a'.repeat(MAX_UPLOAD_BYTES - 5)}`],
  ['no sections', 'Just some notes.\n\n- one\n- two\n'],
  ['unclosed fence', '# Plan\n\n## Fix\n\n```bash\nsystemctl restart x\n\n## Rollback\n- undo\n'],
  ['10,000-deep list', `# Deep\n\n${'- '.repeat(10_000)}x\n`],
  ['10,000-deep quote', `# Q\n${'> '.repeat(10_000)}x`],
  ['10,000-deep ordered list', `# Q\n${'1. '.repeat(10_000)}x`],
  ['150 levels of indentation', `# I\n## Checklist\n${nested(150)}\n`],
  ['4,000 nested emphasis markers', `# Plan\n\n## Notes\n\n${'*a '.repeat(4000)}${'a* '.repeat(4000)}\n`],
  ['16,000 unmatched label ends', `# Plan\n\n## Notes\n\n${'a] '.repeat(16_000)}\n`],
  [
    'many paragraphs just under the inline limit',
    `# Plan\n\n${Array.from({ length: 40 }, (_, i) => `## S${i}\n\n${'*a '.repeat(900)}${'a* '.repeat(900)}\n`).join('\n')}`,
  ],
  [
    'a paragraph just under the inline limit',
    `# Plan\n\n${'*a '.repeat(underInlineLimit)}${'a* '.repeat(underInlineLimit)}\n`,
  ],
];

describe('importPlanAsync gives exactly what importPlan gives', () => {
  it('on the fixture, as text and as bytes (with and without a BOM)', async () => {
    await expectSameResult(fixture);
    await expectSameResult(fixtureBytes);
    await expectSameResult(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixtureBytes]));
    // Pausing at every step boundary changes nothing either.
    await expectSameResult(fixture, 0);
    expect((await importPlanAsync(fixture)).ok).toBe(true);
  });

  it.each(TEST_DOCUMENTS.map((doc, i) => [i, doc]))('on test document %i', async (_, doc) => {
    await expectSameResult(doc, 0);
  });

  it.each(TRAPS.map((doc, i) => [i, doc]))('on trap %i', async (_, doc) => {
    await expectSameResult(doc, 0);
  });

  it('on 50 generated documents', async () => {
    for (let seed = 1; seed <= 50; seed++) await expectSameResult(generateDocument(seed), 0);
  });

  it.each(BAD_INPUTS)('on bad input: %s', { timeout: 20_000 }, async (_, input) => {
    await expectSameResult(input);
  });

  it('on the synthetic ~1 MB plan', { timeout: 120_000 }, async () => {
    const plan = syntheticPlan(MAX_UPLOAD_BYTES - 4096);
    const sync = importPlan(plan);
    expect(sync.ok).toBe(true);
    expect(await importPlanAsync(plan)).toStrictEqual(sync);
  });
});

describe('importPlanAsync lets the event loop run', () => {
  const document = syntheticPlan(256 * 1024);

  /** How often a 5 ms interval fires while `work` runs. */
  async function ticksDuring(work: () => unknown): Promise<number> {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const before = ticks;
      await work();
      return ticks - before;
    } finally {
      clearInterval(timer);
    }
  }

  it(
    'a timer runs many times during importPlanAsync of ~256 KB, never during importPlan',
    { timeout: 60_000 },
    async () => {
      const syncTicks = await ticksDuring(() => importPlan(document));
      const asyncTicks = await ticksDuring(() => importPlanAsync(document));
      expect(syncTicks).toBe(0);
      expect(asyncTicks).toBeGreaterThanOrEqual(10);
    },
  );

  it('stops at the next pause when its signal aborts', { timeout: 60_000 }, async () => {
    const abort = new AbortController();
    const started = performance.now();
    const running = importPlanAsync(document, { signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    const stoppedAfter = performance.now() - started;
    // The whole import of this document takes ~0.5 s; an abort after 20 ms ends it well before.
    const whole = performance.now();
    importPlan(document);
    expect(stoppedAfter).toBeLessThan((performance.now() - whole) / 2);
    await expect(importPlanAsync('# T\n## S\n', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('pauses only as often as yieldEvery asks', { timeout: 60_000 }, async () => {
    // Never more than Infinity ms of work: no pause, the timer cannot run.
    expect(await ticksDuring(() => importPlanAsync(document, { yieldEvery: Infinity }))).toBe(0);
  });
});
