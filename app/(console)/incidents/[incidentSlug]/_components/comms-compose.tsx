'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Textarea } from '@/components/ui/input';
import { useFormAction } from '@/components/ui/use-form-action';
import { publishUpdate } from '../comms/actions';
import { formText } from '@/lib/form-text';

/**
 * The status update form, prefilled with what changed since the last update
 * (lib/comms/draft-update.ts). A new draft replaces the text only after a
 * publish (`draftKey` changes), never while someone is typing; a refused
 * publish keeps what was written.
 */
export function CommsCompose({ incidentId, draft, draftKey }: { incidentId: string; draft: string; draftKey: string }) {
  const router = useRouter();
  const [audience, setAudience] = useState('internal');
  const { formAction, pending, result, error, values } = useFormAction(
    (fd) => {
      setAudience(formText(fd, 'audience'));
      // The form as it is: the action's schema names a missing or unknown audience.
      fd.set('incidentId', incidentId);
      return publishUpdate(fd);
    },
    () => router.refresh(),
  );
  const chosen = values.audience ?? 'internal';
  return (
    <form aria-label="Compose a status update" className="space-y-1.5" action={formAction}>
      <label htmlFor="status-update-body" className="text-xs font-semibold uppercase text-slate-500">
        Status update
      </label>
      <Textarea
        key={draftKey}
        id="status-update-body"
        name="body"
        rows={6}
        size="sm"
        defaultValue={values.body ?? draft}
        data-testid="compose-body"
      />
      <div className="flex items-center justify-between gap-2">
        <fieldset className="flex items-center gap-3 text-xs">
          <legend className="sr-only">Audience</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="audience" value="internal" defaultChecked={chosen === 'internal'} /> internal
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="audience" value="public" defaultChecked={chosen === 'public'} /> public
          </label>
        </fieldset>
        <Button type="submit" size="sm" disabled={pending} data-testid="publish-update">
          Publish
        </Button>
      </div>
      <FormMessage error={error} success={result?.ok ? `Published (${audience}).` : null} />
    </form>
  );
}
