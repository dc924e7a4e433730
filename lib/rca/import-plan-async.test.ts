import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticPlan } from '../../bench/synthetic-plan';
import { MAX_UPLOAD_BYTES } from './check-upload';
import { runStepsCooperatively, type Steps } from './cooperate';
import { importPlan, importPlanAsync, importPlanSteps } from './import-plan';
import { PIECE_CHARS } from './split-parse';
import { generateDocument, TEST_DOCUMENTS, TRAPS } from '../../tests/support/rca-documents';

/**
 * importPlanAsync runs the very steps importPlan runs (cooperate.ts), only
 * pausing between them: its result must be the same, for good documents and
 * for every refusal, and it must really let the event loop run meanwhile.
 * Nothing here measures time; bench/import.ts does.
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
  it('on the fixture, as text and as bytes (with and without a BOM)', { timeout: 60_000 }, async () => {
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
  // Counts, not times: how often the pipeline offers a pause, and how many
  // event-loop turns happen while it runs. How long a pause-free stretch
  // lasts on this machine is bench/import.ts's business.
  const document = syntheticPlan(256 * 1024);

  /** Runs the steps to the end, counting the pauses they offer. */
  function countSteps<T>(steps: Steps<T>): { steps: number; result: T } {
    let count = 0;
    for (;;) {
      const step = steps.next();
      if (step.done) return { steps: count, result: step.value };
      count++;
    }
  }

  /** The same steps, counting how many of them were run (`taken`). */
  function counted<T>(steps: Steps<T>): { steps: Steps<T>; taken: () => number } {
    let taken = 0;
    function* wrapper(): Steps<T> {
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        taken++;
        yield;
      }
    }
    return { steps: wrapper(), taken: () => taken };
  }

  /**
   * Event-loop turns while `work` runs, counted by a self-renewing
   * setImmediate: it runs once per turn of the loop, and a pause (a
   * setTimeout macrotask) always lets at least one turn pass.
   */
  async function loopTurnsDuring(work: () => unknown): Promise<number> {
    let turns = 0;
    let running = true;
    const turn = () => {
      if (!running) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    try {
      const before = turns;
      await work();
      return turns - before;
    } finally {
      running = false;
    }
  }

  it('the pipeline offers a pause after every ~4 KB piece of a ~256 KB plan', { timeout: 60_000 }, () => {
    const { steps, result } = countSteps(importPlanSteps(document));
    expect(result.ok).toBe(true);
    expect(steps).toBeGreaterThanOrEqual(Math.floor(Buffer.byteLength(document) / PIECE_CHARS));
  });

  it(
    'with yieldEvery 0 the loop turns at every pause; importPlan never lets it turn',
    { timeout: 60_000 },
    async () => {
      const { steps } = countSteps(importPlanSteps(document));
      expect(await loopTurnsDuring(() => importPlan(document))).toBe(0);
      expect(await loopTurnsDuring(() => importPlanAsync(document, { yieldEvery: 0 }))).toBeGreaterThanOrEqual(steps);
    },
  );

  it('pauses only as often as yieldEvery asks: Infinity never', { timeout: 60_000 }, async () => {
    expect(await loopTurnsDuring(() => importPlanAsync(document, { yieldEvery: Infinity }))).toBe(0);
  });

  it('stops at the next pause when its signal aborts', { timeout: 60_000 }, async () => {
    const total = countSteps(importPlanSteps(document)).steps;
    const abort = new AbortController();
    const { steps, taken } = counted(importPlanSteps(document));
    const running = runStepsCooperatively(steps, { yieldEvery: 0, signal: abort.signal });
    // Abort in the third turn of the loop. A step runs before the loop first
    // turns, then at most one per turn (each needs its timer to fire): ≤ 4.
    let turns = 0;
    const turn = () => (++turns === 3 ? abort.abort() : setImmediate(turn));
    setImmediate(turn);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(taken()).toBeLessThanOrEqual(4);
    expect(taken()).toBeLessThan(total);
    await expect(importPlanAsync('# T\n## S\n', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
