'use client';

import { startTransition, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Textarea } from '@/components/ui/input';
import { useFormAction } from '@/components/ui/use-form-action';
import { insertDraftLines, newDraftLines } from '@/lib/comms/draft-changes';
import { statusUpdatePayload } from '@/lib/comms/webhook-payload';
import { publishUpdate } from '../comms/actions';
import { formText } from '@/lib/form-text';

export type PreviewFacts = { publicTitle: string; status: string; hooks: { id: string; name: string }[] };

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
  draft: internalDraft,
  publicDraft,
  draftKey,
  latest,
  preview,
}: {
  incidentId: string;
  draft: string;
  /** The public-safe template (lib/comms/public-draft.ts): a public update never starts from the internal draft. */
  publicDraft: string;
  /** The last published update's id ('first' before any): the draft counts from it. */
  draftKey: string;
  latest: PublishedView | null;
  preview: PreviewFacts;
}) {
  const router = useRouter();
  const [audience, setAudience] = useState<'internal' | 'public'>('internal');
  // Each audience keeps its own text: switching to public never carries internal words along.
  const [writtenBy, setWrittenBy] = useState<Record<'internal' | 'public', Written | null>>({
    internal: null,
    public: null,
  });
  const [reviewing, setReviewing] = useState(false);
  const written = writtenBy[audience];
  const draft = audience === 'public' ? publicDraft : internalDraft;
  const setWritten = (next: Written | null | ((w: Written | null) => Written | null)) => {
    setReviewing(false);
    setWrittenBy((all) => ({ ...all, [audience]: typeof next === 'function' ? next(all[audience]) : next }));
  };
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
      const sent = formText(lastForm.current, 'audience') === 'public' ? 'public' : 'internal';
      setPublished(sent);
      setReviewing(false);
      setWrittenBy((all) => ({ ...all, [sent]: null }));
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
        // A public update is previewed first; only "Confirm and publish" sends it.
        if (audience === 'public' && !reviewing) {
          setPublished(null);
          setReviewing(true);
          return;
        }
        const fd = new FormData(e.currentTarget);
        if (audience === 'public') fd.set('reviewed', 'yes');
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
              onChange={() => {
                setAudience('internal');
                setReviewing(false);
              }}
            />{' '}
            internal
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="audience"
              value="public"
              checked={audience === 'public'}
              onChange={() => {
                setAudience('public');
                setReviewing(false);
              }}
            />{' '}
            public
          </label>
        </fieldset>
        {!reviewing && (
          <Button type="submit" size="sm" disabled={pending} data-testid="publish-update">
            {audience === 'public' ? 'Review public update' : 'Publish'}
          </Button>
        )}
      </div>
      {reviewing && audience === 'public' && (
        <PublicPreview body={text} facts={preview} pending={pending} onBack={() => setReviewing(false)} />
      )}
      <FormMessage error={error} success={published ? `Published (${published}).` : null} />
    </form>
  );
}

/** Exactly what the status page and each webhook will receive, built by the same code that sends it. */
function PublicPreview({
  body,
  facts,
  pending,
  onBack,
}: {
  body: string;
  facts: PreviewFacts;
  pending: boolean;
  onBack: () => void;
}) {
  const trimmed = body.trim();
  const payload = statusUpdatePayload({
    incidentTitle: facts.publicTitle,
    status: facts.status,
    audience: 'public',
    body: trimmed,
    publishedAt: new Date(),
  });
  return (
    <section
      aria-label="Preview of the public update"
      data-testid="public-preview"
      className="space-y-2 rounded-md border border-sky-300 p-2 text-xs dark:border-sky-800"
    >
      <p className="font-semibold">Check what the public will receive, then confirm.</p>
      <div data-testid="preview-status-page">
        <p className="text-slate-500">Status page</p>
        <p className="font-semibold" data-testid="preview-public-title">
          {facts.publicTitle}
        </p>
        <p>Current status: {facts.status}</p>
        <p className="whitespace-pre-wrap break-words">{trimmed}</p>
      </div>
      {facts.hooks.length === 0 ? (
        <p className="text-slate-500">No webhook will receive it.</p>
      ) : (
        facts.hooks.map((h) => (
          <div key={h.id} data-testid="preview-webhook" data-name={h.name}>
            <p className="text-slate-500">Webhook {h.name} (message text)</p>
            <pre className="whitespace-pre-wrap break-words font-mono">{payload.text}</pre>
          </div>
        ))
      )}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={pending} data-testid="confirm-public-update">
          Confirm and publish
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onBack}>
          Back to editing
        </Button>
      </div>
    </section>
  );
}
