import { checkUploadSteps, findMissingSections, findUnclosedFence } from './check-upload';
import { runSteps, runStepsCooperatively, type CooperateOptions, type Steps } from './cooperate';
import { parseMarkdownTreeSteps } from './markdown-tree';
import { buildPlanSteps } from './parse-plan';
import type { IncidentPlan, RcaError } from './types';

export type ImportPlanResult = { ok: true; plan: IncidentPlan } | { ok: false; error: RcaError };

export type ImportPlanAsyncOptions = CooperateOptions;

/**
 * Upload → IncidentPlan, or the first reason it cannot be imported. The one
 * entry point for the CLI, the import page and the seed: check the raw bytes,
 * parse once, check the tree, build the plan.
 *
 * Synchronous: a 1 MiB document holds the thread for its whole parse (~2.5 s).
 * Where other work shares the thread (the server, the browser tab), use
 * `importPlanAsync`.
 */
export function importPlan(input: Uint8Array | string): ImportPlanResult {
  return runSteps(importPlanSteps(input));
}

/**
 * `importPlan`, same result, but cooperative: between the parsed pieces and
 * the other long steps it awaits a macrotask whenever more than `yieldEvery`
 * ms (default 8) of work passed since the last pause, so timers, requests,
 * streams and input keep running while a large document is imported.
 *
 * The input must not change while it runs (a Uint8Array is decoded in the
 * first step, before any pause). With `signal`, an abort stops the work at
 * the next pause and rejects with the signal's reason.
 */
export function importPlanAsync(
  input: Uint8Array | string,
  options?: ImportPlanAsyncOptions,
): Promise<ImportPlanResult> {
  return runStepsCooperatively(importPlanSteps(input), options);
}

/**
 * The pipeline both drivers run, pausing (see cooperate.ts) between steps:
 * after each upload check, after each parsed piece (~4 KB), after each tree
 * check and each stage of the plan walk. Exported so tests and the bench can
 * count the pauses.
 */
export function* importPlanSteps(input: Uint8Array | string): Steps<ImportPlanResult> {
  const upload = yield* checkUploadSteps(input);
  if (!upload.ok) {
    const error: RcaError = { code: upload.code, message: upload.message };
    if (upload.line !== undefined) error.line = upload.line;
    return { ok: false, error };
  }
  yield;

  let tree;
  try {
    tree = yield* parseMarkdownTreeSteps(upload.text);
  } catch (error) {
    // The depth pre-check keeps known shapes out; anything else that still
    // overflows the parser's stack is the same problem, reported the same way.
    if (error instanceof RangeError) return { ok: false, error: tooDeepToParse() };
    throw error;
  }

  const unclosedFence = findUnclosedFence(tree, upload.text);
  if (unclosedFence) return { ok: false, error: unclosedFence };
  yield;
  const missingSections = findMissingSections(tree);
  if (missingSections) return { ok: false, error: missingSections };
  yield;

  return { ok: true, plan: yield* buildPlanSteps(tree, upload.text) };
}

function tooDeepToParse(): RcaError {
  return { code: 'rca:too-deep', message: 'The document nests lists, quotes or emphasis too deeply to parse.' };
}
