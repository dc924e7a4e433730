import { z } from 'zod';
import { importPlan } from '@/lib/rca/import-plan';
import type { IncidentPlan, RcaError } from '@/lib/rca/types';
import { ImportInput } from './schemas';

/** "Line 14: …" when the parser knows where the problem is. */
export function describeRcaError(error: RcaError): string {
  return error.line ? `Line ${error.line}: ${error.message}` : error.message;
}

/**
 * The import form's input, parsed into a plan *before* the transaction
 * opens: parsing a 1 MiB document must not hold SQLite's write lock.
 */
export const ImportDocumentInput = ImportInput.transform((input, ctx): { plan: IncidentPlan; sourceMarkdown: string } => {
  const result = importPlan(input.markdown);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', path: ['markdown'], message: describeRcaError(result.error), params: { rcaCode: result.error.code } });
    return z.NEVER;
  }
  return { plan: result.plan, sourceMarkdown: input.markdown };
});
