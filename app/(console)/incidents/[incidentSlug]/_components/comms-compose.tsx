'use client';

import { startTransition, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Textarea } from '@/components/ui/input';
import { useFormAction } from '@/components/ui/use-form-action';
import { insertDraftLines, newDraftLines } from '@/lib/comms/draft-changes';
import { publishUpdate } from '../comms/actions';
import { formText } from '@/lib/form-text';

export type PublishedView = { id: string; body: string; audience: string; author: string | null };

/** Where a person's own text started: the draft they began from and the last update they had seen. */
type Written = { text: string; startedFrom: string; sinceUpdate: string };

/**
 * The status update form. Untouched, it shows the live draft (built on the
 * server from the incident's current state, lib/comms/draft-update.ts, and
 * refreshed on every stream event). Once a person types, their text is
 * theirs: new facts are offered as "N changes since you started — insert",
 * and an update someone else publishes meanwhile is shown beside it, never
 * merged in. Only their own publish starts the draft again.
 */
export function CommsCompose({
  incidentId,
  draft,
  draftKey,
  latest,
}: {
  incidentId: string;
  draft: string;
  /** The last published update's id ('first' before any): the draft counts from it. */
  draftKey: string;
  latest: PublishedView | null;
}) {
  const router = useRouter();
  const [audience, setAudience] = useState<'internal' | 'public'>('internal');
  const [written, setWritten] = useState<Written | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  // Updates this tab published: they are not "someone else's" when the page refreshes.
  const [mine, setMine] = useState<ReadonlySet<string>>(new Set());
  const lastForm = useRef(new FormData());
  const { formAction, pending, error } = useFormAction(
    (fd) => {
      fd.set('incidentId', incidentId);
      return publishUpdate(fd);
    },
    (data) => {
      setMine((m) => new Set(m).add(data.id));
      setPublished(formText(lastForm.current, 'audience'));
      setWritten(null);
      router.refresh();
    },
  );
  const text = written ? written.text : draft;
  const offered = written ? newDraftLines(written.startedFrom, draft, written.text) : [];
  const meanwhile = written && latest && latest.id !== written.sinceUpdate && !mine.has(latest.id) ? latest : null;

  return (
    <form
      aria-label="Compose a status update"
      className="space-y-1.5"
      onSubmit={(e) => {
        // Submitted by hand, not as a form action: React resets a form after its action, and this text is the person's.
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        lastForm.current = fd;
        setPublished(null);
        startTransition(() => formAction(fd));
      }}
    >
      <label htmlFor="status-update-body" className="text-xs font-semibold uppercase text-slate-500">
        Status update
      </label>
      <div className={meanwhile ? 'grid gap-2 md:grid-cols-2' : undefined}>
        <Textarea
          id="status-update-body"
          name="body"
          rows={6}
          size="sm"
          value={text}
          onChange={(e) => {
            const next = e.target.value;
            setWritten((w) => (w ? { ...w, text: next } : { text: next, startedFrom: draft, sinceUpdate: draftKey }));
          }}
          data-testid="compose-body"
          data-touched={written ? 'true' : 'false'}
        />
        {meanwhile && (
          <aside
            aria-label="Published while you were writing"
            data-testid="published-meanwhile"
            className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs dark:border-amber-800 dark:bg-amber-950"
          >
            <p className="mb-1 font-semibold">
              {meanwhile.author ?? 'Someone'} published an update ({meanwhile.audience}) while you were writing. Your
              text is unchanged.
            </p>
            <p className="whitespace-pre-wrap break-words">{meanwhile.body}</p>
          </aside>
        )}
      </div>
      {written && offered.length > 0 && (
        <p className="flex items-center gap-2 text-xs text-slate-600 dark:text-slate-400" data-testid="draft-changes">
          <Button
            type="button"
            size="sm"
            variant="secondary"
            onClick={() =>
              setWritten({
                text: insertDraftLines(written.text, offered),
                startedFrom: draft,
                sinceUpdate: written.sinceUpdate,
              })
            }
          >
            {offered.length} {offered.length === 1 ? 'change' : 'changes'} since you started — insert
          </Button>
          <span className="min-w-0 truncate">{offered.join(' ')}</span>
        </p>
      )}
      <div className="flex items-center justify-between gap-2">
        <fieldset className="flex items-center gap-3 text-xs">
          <legend className="sr-only">Audience</legend>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="audience"
              value="internal"
              checked={audience === 'internal'}
              onChange={() => setAudience('internal')}
            />{' '}
            internal
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="audience"
              value="public"
              checked={audience === 'public'}
              onChange={() => setAudience('public')}
            />{' '}
            public
          </label>
        </fieldset>
        <Button type="submit" size="sm" disabled={pending} data-testid="publish-update">
          Publish
        </Button>
      </div>
      <FormMessage error={error} success={published ? `Published (${published}).` : null} />
    </form>
  );
}
