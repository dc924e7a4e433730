/**
 * One pipeline, two drivers. The long steps of an import (the parse of each
 * ~4 KB piece, the tree checks, the stages of the plan walk) are written as
 * generators that `yield` between steps and `return` the result. Nothing is
 * yielded out but the chance to pause, so the sync driver just runs them to
 * the end, and the async driver gives the event loop a turn (a macrotask:
 * timers, I/O, rendering, input) whenever a step boundary comes after more
 * than `yieldEvery` ms of work. Both drivers run the very same code, so their
 * results are the same.
 *
 * Browser-safe on purpose: `setTimeout` and `performance.now` only.
 */

/** Work that pauses (`yield`) between steps and returns a `T`. */
export type Steps<T> = Generator<void, T, void>;

export interface CooperateOptions {
  /**
   * Milliseconds of work after which the next step boundary yields to the
   * event loop (default 8). 0 yields at every boundary; Infinity never.
   */
  yieldEvery?: number;
  /**
   * Stops the work at the next pause: the promise rejects with the signal's
   * reason (a stale preview need not finish parsing). Checked only when the
   * work pauses, so short work may still complete.
   */
  signal?: AbortSignal;
}

export const DEFAULT_YIELD_EVERY_MS = 8;

/** Runs every step at once, without ever pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps, awaiting a macrotask whenever `yieldEvery` ms or more
 * passed since the last pause. A macrotask, not a microtask: an awaited
 * resolved promise would let no timer, request or repaint in.
 */
export async function runStepsCooperatively<T>(
  steps: Steps<T>,
  { yieldEvery = DEFAULT_YIELD_EVERY_MS, signal }: CooperateOptions = {},
): Promise<T> {
  signal?.throwIfAborted();
  let since = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - since >= yieldEvery) {
      await nextMacrotask();
      signal?.throwIfAborted();
      since = performance.now();
    }
  }
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
