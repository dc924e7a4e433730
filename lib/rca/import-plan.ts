import { checkUpload, findMissingSections, findUnclosedFence } from './check-upload';
import { parseMarkdownTree } from './markdown-tree';
import { buildPlan } from './parse-plan';
import type { IncidentPlan, RcaError } from './types';

export type ImportPlanResult = { ok: true; plan: IncidentPlan } | { ok: false; error: RcaError };

/**
 * Upload → IncidentPlan, or the first reason it cannot be imported. The one
 * entry point for the CLI, the import page and the seed: check the raw bytes,
 * parse once, check the tree, build the plan.
 */
export function importPlan(input: Uint8Array | string): ImportPlanResult {
  const upload = checkUpload(input);
  if (!upload.ok) {
    const error: RcaError = { code: upload.code, message: upload.message };
    if (upload.line !== undefined) error.line = upload.line;
    return { ok: false, error };
  }

  let tree;
  try {
    tree = parseMarkdownTree(upload.text);
  } catch (error) {
    // The depth pre-check keeps known shapes out; anything else that still
    // overflows the parser's stack is the same problem, reported the same way.
    if (error instanceof RangeError) return { ok: false, error: tooDeepToParse() };
    throw error;
  }

  const treeProblem = findUnclosedFence(tree, upload.text) ?? findMissingSections(tree);
  if (treeProblem) return { ok: false, error: treeProblem };

  return { ok: true, plan: buildPlan(tree, upload.text) };
}

function tooDeepToParse(): RcaError {
  return { code: 'rca:too-deep', message: 'The document nests lists, quotes or emphasis too deeply to parse.' };
}
