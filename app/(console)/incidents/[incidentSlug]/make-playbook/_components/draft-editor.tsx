'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError } from '@/lib/errors';
import { saveDraft } from '../../../../playbooks/actions';

/** The draft's YAML, editable; Save lints it on the server and keeps the version by hash. */
export function DraftEditor({ initial, canSave }: { initial: string; canSave: boolean }) {
  const router = useRouter();
  const [source, setSource] = useState(initial);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await saveDraft({ source });
          setError(r.ok ? null : r.error);
          if (r.ok) router.push(`/playbooks/${encodeURIComponent(r.data.name)}`);
        });
      }}
    >
      <textarea
        aria-label="Playbook YAML"
        value={source}
        onChange={(e) => setSource(e.target.value)}
        spellCheck={false}
        rows={28}
        className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
      />
      {canSave ? (
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save playbook'}
        </Button>
      ) : (
        <p className="text-xs text-slate-500">Saving a playbook needs playbook:author (commanders and admins).</p>
      )}
      <FormMessage error={error} />
    </form>
  );
}
