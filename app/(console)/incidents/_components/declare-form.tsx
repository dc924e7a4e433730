'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError } from '@/lib/errors';
import { DEFAULT_SEVERITY, INCIDENT_SEVERITIES, SEVERITY_HINT } from '@/lib/incidents/severity';
import { declareIncident } from '../actions';

type Person = { id: string; name: string; email: string };
const field = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';

/** Declare an incident from three fields; the plan can be attached later. */
export function DeclareForm({ people, me }: { people: Person[]; me: string | null }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  return (
    <form
      aria-label="Declare an incident"
      className="mb-4 flex flex-wrap items-end gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        start(async () => {
          const r = await declareIncident({
            title: String(form.get('title') ?? ''),
            severity: String(form.get('severity') ?? '') as (typeof INCIDENT_SEVERITIES)[number],
            commanderId: String(form.get('commanderId') ?? '') || null,
          });
          if (r.ok) router.push(`/incidents/${r.data.slug}`);
          else setError(r.error);
        });
      }}
    >
      <label className="flex min-w-64 flex-1 flex-col text-xs text-slate-500">
        Title
        <input
          name="title"
          required
          aria-label="Incident title"
          aria-invalid={Boolean(error?.fieldErrors?.title)}
          placeholder="Checkout returns 502"
          className={field}
        />
      </label>
      <label className="flex flex-col text-xs text-slate-500">
        Severity
        <select name="severity" aria-label="Incident severity" defaultValue={DEFAULT_SEVERITY} className={field}>
          {INCIDENT_SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_HINT[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-500">
        Commander
        <select name="commanderId" aria-label="Incident commander" defaultValue={me ?? ''} className={field}>
          <option value="">unassigned</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.email})
            </option>
          ))}
        </select>
      </label>
      <Button disabled={pending} data-testid="declare-incident">
        {pending ? 'Declaring…' : 'Declare incident'}
      </Button>
      <div className="basis-full">
        <FormMessage error={error} />
      </div>
    </form>
  );
}
