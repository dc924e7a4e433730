'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Input, Textarea } from '@/components/ui/input';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { ActionError } from '@/lib/errors';
import type { SuggestedTimelineEvent } from '@/lib/rca/suggest-timeline';
import { addNote } from '../actions';
import { formText } from '@/lib/form-text';
import { zoneAbbreviation } from '@/lib/time/format-time';
import { useViewerZone } from '@/components/ui/viewer-zone';

export function NoteForm({ incidentId }: { incidentId: string }) {
  const router = useRouter();
  // A time typed without a zone is read in the viewer's zone, and the field says which one that is.
  const zone = useViewerZone();
  const { formAction, pending, error, values } = useFormAction(
    (fd) =>
      addNote({
        incidentId,
        text: formText(fd, 'text'),
        when: formText(fd, 'when'),
        zone,
        impactStart: fd.get('impactStart') === 'on',
      }),
    () => router.refresh(),
  );
  const fieldErrors = error?.fieldErrors;
  return (
    <form action={formAction} aria-label="Add a timeline note" className="space-y-1.5">
      <Textarea
        name="text"
        aria-label="Note"
        rows={2}
        placeholder="What happened?"
        size="sm"
        defaultValue={values.text}
        aria-invalid={Boolean(fieldErrors?.text)}
      />
      <div className="flex items-center gap-2">
        <Input
          name="when"
          aria-label={`When (optional) — read as ${zone} unless you write a zone`}
          aria-describedby="note-when-zone"
          placeholder={`when, e.g. 2026-11-30 21:12 (${zoneAbbreviation(zone)})`}
          size="sm"
          defaultValue={values.when}
          aria-invalid={Boolean(fieldErrors?.when)}
        />
        <label className="flex shrink-0 items-center gap-1 text-xs text-slate-500">
          <input type="checkbox" name="impactStart" defaultChecked={values.impactStart === 'on'} /> impact began
        </label>
        <Button type="submit" size="sm" disabled={pending}>
          Add
        </Button>
      </div>
      <p id="note-when-zone" className="text-xs text-slate-500" data-testid="note-when-zone">
        Times without a zone are read as {zone} ({zoneAbbreviation(zone)}).
      </p>
      <FormMessage error={error} />
    </form>
  );
}

export function SuggestedEvents({
  incidentId,
  suggestions,
}: {
  incidentId: string;
  suggestions: SuggestedTimelineEvent[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [added, setAdded] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ActionError | null>(null);
  return (
    <details
      className="mt-3 rounded-md border border-dashed border-slate-300 p-2 text-xs dark:border-slate-700"
      data-testid="suggested-events"
    >
      <summary className="cursor-pointer font-medium">Times found in the evidence ({suggestions.length})</summary>
      <ul className="mt-2 space-y-1.5">
        {suggestions.map((s) => (
          <li key={s.at + s.summary} className="flex items-start justify-between gap-2">
            <span>
              <span className="font-mono">{s.originalText}</span>
              {s.zoneAssumed ? ' (zone assumed UTC)' : ` (UTC${s.utcOffset})`} — {s.summary}
            </span>
            <Button
              size="sm"
              variant="secondary"
              disabled={pending || added.has(s.at)}
              onClick={() =>
                start(async () => {
                  const r = await addNote({ incidentId, text: s.summary, when: s.originalText, impactStart: true });
                  setError(r.ok ? null : r.error);
                  if (r.ok) {
                    setAdded(new Set(added).add(s.at));
                    router.refresh();
                  }
                })
              }
            >
              {added.has(s.at) ? 'Added' : 'Add as impact start'}
            </Button>
          </li>
        ))}
      </ul>
      <FormMessage error={error} />
    </details>
  );
}
