'use client';

import { useState, useTransition } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError } from '@/lib/errors';
import { archiveIncident, deleteIncident } from '../actions';

/**
 * Attach a plan, archive (off the list, kept whole) and — for admins —
 * delete an incident made by mistake, after typing its slug back.
 */
export function IncidentLifecycle(props: { incidentId: string; slug: string; archived: boolean; canDelete: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [typed, setTyped] = useState('');
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" aria-label="Incident lifecycle">
      {!props.archived && (
        <Link
          href={`/incidents/import?into=${encodeURIComponent(props.slug)}`}
          className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Attach a plan
        </Link>
      )}
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await archiveIncident({ incidentId: props.incidentId, archived: !props.archived });
            setError(r.ok ? null : r.error);
            if (r.ok) router.refresh();
          })
        }
      >
        {props.archived ? 'Unarchive' : 'Archive'}
      </Button>
      {props.canDelete && !deleting && (
        <Button size="sm" variant="ghost" className="text-rose-600" onClick={() => setDeleting(true)}>
          Delete…
        </Button>
      )}
      {props.canDelete && deleting && (
        <form
          className="flex flex-wrap items-center gap-2 rounded-md border border-rose-300 p-1.5 dark:border-rose-800"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await deleteIncident({ incidentId: props.incidentId, confirmSlug: typed });
              if (r.ok) router.push('/incidents');
              else setError(r.error);
            });
          }}
        >
          <label className="flex items-center gap-1">
            Type <code className="font-semibold">{props.slug}</code> to delete it for good:
            <input
              aria-label="Slug to confirm deletion"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className="rounded border border-slate-300 bg-white px-1.5 py-0.5 dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
          <Button size="sm" variant="danger" disabled={pending || typed.trim() !== props.slug}>
            Delete incident
          </Button>
          <Button size="sm" variant="secondary" type="button" onClick={() => setDeleting(false)}>
            Cancel
          </Button>
        </form>
      )}
      <FormMessage error={error} />
    </div>
  );
}
