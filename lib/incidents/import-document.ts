import { z } from 'zod';
import { importPlan } from '@/lib/rca/import-plan';
import type { IncidentPlan } from '@/lib/rca/types';
import { describeRcaError } from './import-document-client';
import { ImportInput } from './schemas';

export { describeRcaError };

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
