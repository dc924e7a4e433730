import { z } from 'zod';
import { importPlanAsync } from '@/lib/rca/import-plan';
import type { IncidentPlan } from '@/lib/rca/types';
import { describeRcaError } from './import-document-client';
import { ImportInput } from './schemas';

export { describeRcaError };

/**
 * The import form's input, parsed into a plan *before* the transaction
 * opens: parsing a 1 MiB document must not hold SQLite's write lock. The
 * parse is cooperative (~2.5 s for 1 MiB, in steps of ~8 ms) so live streams
 * and other requests keep being served meanwhile; parse it with
 * `safeParseAsync` (executeAction does).
 */
export const ImportDocumentInput = ImportInput.transform(
  async (input, ctx): Promise<{ plan: IncidentPlan; sourceMarkdown: string }> => {
    const result = await importPlanAsync(input.markdown);
    if (!result.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['markdown'],
        message: describeRcaError(result.error),
        params: { rcaCode: result.error.code },
      });
      return z.NEVER;
    }
    return { plan: result.plan, sourceMarkdown: input.markdown };
  },
);
