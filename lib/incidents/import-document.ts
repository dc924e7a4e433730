import { z } from 'zod';
import { importPlanAsync } from '@/lib/rca/import-plan';
import type { IncidentPlan } from '@/lib/rca/types';
import { describeRcaError } from './import-document-client';
import { ImportInput } from './schemas';

export { describeRcaError };

/**
 * A document input parsed into a plan *before* the transaction opens:
 * parsing a 1 MiB document must not hold SQLite's write lock. The parse is
 * cooperative (~2.5 s for 1 MiB, in steps of ~8 ms) so live streams and
 * other requests keep being served meanwhile; parse it with
 * `safeParseAsync` (executeAction does).
 */
function parsedDocument<S extends z.ZodObject<{ markdown: z.ZodString }>>(schema: S) {
  return schema.transform(async (input, ctx): Promise<z.output<S> & { plan: IncidentPlan; sourceMarkdown: string }> => {
    const result = await importPlanAsync(input.markdown as string);
    if (!result.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['markdown'],
        message: describeRcaError(result.error),
        params: { rcaCode: result.error.code },
      });
      return z.NEVER;
    }
    return { ...input, plan: result.plan, sourceMarkdown: input.markdown as string };
  });
}

/** The import form: a new incident (asking first when an open one matches). */
export const ImportDocumentInput = parsedDocument(ImportInput);

/** A plan attached to an incident that already runs. */
export const AttachDocumentInput = parsedDocument(
  ImportInput.omit({ mode: true }).extend({ incidentId: z.string().min(1).max(64) }),
);
