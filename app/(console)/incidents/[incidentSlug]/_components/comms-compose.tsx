'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError } from '@/lib/errors';
import { publishUpdate } from '../comms/actions';
import { formText } from '@/lib/form-text';

const field =
  'w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';

/**
 * The status update form, prefilled with what changed since the last update
 * (lib/comms/draft-update.ts). A new draft replaces the text only after a
 * publish (`draftKey` changes), never while someone is typing.
 */
export function CommsCompose({ incidentId, draft, draftKey }: { incidentId: string; draft: string; draftKey: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  return (
    <form
      aria-label="Compose a status update"
      className="space-y-1.5"
      action={(fd) =>
        start(async () => {
          const audience = formText(fd, 'audience');
          // The form as it is: the action's schema names a missing or unknown audience.
          fd.set('incidentId', incidentId);
          const r = await publishUpdate(fd);
          setError(r.ok ? null : r.error);
          setSuccess(r.ok ? `Published (${audience}).` : null);
          if (r.ok) router.refresh();
        })
      }
    >
      <label htmlFor="status-update-body" className="text-xs font-semibold uppercase text-slate-500">
        Status update
      </label>
      <textarea
        key={draftKey}
        id="status-update-body"
        name="body"
        rows={6}
        defaultValue={draft}
        className={field}
        data-testid="compose-body"
      />
      <div className="flex items-center justify-between gap-2">
        <fieldset className="flex items-center gap-3 text-xs">
          <legend className="sr-only">Audience</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="audience" value="internal" defaultChecked /> internal
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="audience" value="public" /> public
          </label>
        </fieldset>
        <Button type="submit" size="sm" disabled={pending} data-testid="publish-update">
          Publish
        </Button>
      </div>
      <FormMessage error={error} success={success} />
    </form>
  );
}
