'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Time } from '@/components/ui/time';
import type { ActionError } from '@/lib/errors';
import type { NarrativeEntry, NarrativeSection } from '@/lib/postmortem/schema';
import { saveNarrativeSection } from '../actions';

type Theirs = { body: string; version: number; updatedBy: string | null };

/**
 * One narrative section. Saving sends the version the editor started from;
 * when someone saved in between, their text is shown beside the draft and
 * nothing is overwritten until this editor chooses.
 */
export function NarrativeEditor({
  incidentId,
  section,
  title,
  entry,
  canEdit,
}: {
  incidentId: string;
  section: NarrativeSection;
  title: string;
  entry: NarrativeEntry;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [body, setBody] = useState(entry.body);
  const [version, setVersion] = useState(entry.version);
  const [theirs, setTheirs] = useState<Theirs | null>(null);
  const [error, setError] = useState<ActionError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const id = `narrative-${section}`;

  const save = () =>
    start(async () => {
      const r = await saveNarrativeSection({ incidentId, section, body, version });
      if (r.ok) {
        setVersion(r.data.version);
        setTheirs(null);
        setError(null);
        setSaved('Saved.');
        router.refresh();
        return;
      }
      setSaved(null);
      setError(r.error);
      if (r.error.code === 'conflict:postmortem-section') setTheirs(r.error.current as Theirs);
    });

  return (
    <div className="space-y-1.5 break-inside-avoid" data-testid={id}>
      <label htmlFor={id} className="block font-medium">
        {title}
      </label>
      {canEdit ? (
        <>
          <textarea
            id={id}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              setSaved(null);
            }}
            rows={4}
            placeholder="One point per line"
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm print:hidden dark:border-slate-700 dark:bg-slate-950"
          />
          <ul className="hidden list-disc pl-5 print:block">
            {body
              .split('\n')
              .filter((l) => l.trim())
              .map((l, i) => (
                <li key={i}>{l.replace(/^\s*[-*+]\s+/, '')}</li>
              ))}
          </ul>
        </>
      ) : (
        <p className="whitespace-pre-wrap text-slate-700 dark:text-slate-300">{entry.body || 'Not written yet.'}</p>
      )}
      {theirs && (
        <div
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-800 dark:bg-amber-950"
          data-testid={`${id}-conflict`}
        >
          <p className="font-medium">Saved meanwhile by {theirs.updatedBy ?? 'someone'}:</p>
          <p className="whitespace-pre-wrap">{theirs.body || '(empty)'}</p>
          <div className="mt-2 flex gap-2">
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                setBody(theirs.body);
                setVersion(theirs.version);
                setTheirs(null);
                setError(null);
              }}
            >
              Use their text
            </Button>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                setVersion(theirs.version);
                setTheirs(null);
                setError(null);
              }}
            >
              Keep mine (save again to replace theirs)
            </Button>
          </div>
        </div>
      )}
      <div className="flex items-center justify-between gap-2 print:hidden">
        <span className="text-xs text-slate-500" data-testid={`${id}-editor`}>
          {entry.updatedBy && entry.updatedAt ? (
            <>
              Last edited by {entry.updatedBy.name} · <Time iso={entry.updatedAt} />
            </>
          ) : (
            'Not edited yet'
          )}
        </span>
        {canEdit && (
          <Button
            size="sm"
            onClick={save}
            disabled={pending || (body === entry.body && !theirs && version === entry.version)}
          >
            {pending ? 'Saving…' : 'Save'}
          </Button>
        )}
      </div>
      <FormMessage error={error} success={saved} />
    </div>
  );
}
