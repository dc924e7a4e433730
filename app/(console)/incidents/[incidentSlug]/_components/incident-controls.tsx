'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError, ActionResult } from '@/lib/errors';
import { INCIDENT_STATUSES, SEVERITIES } from '@/lib/incidents/constants';
import { assignRoles, setSeverity, setStatus } from '../actions';
import { pickOption } from '@/lib/form-text';

type Person = { id: string; name: string; email: string; role: string };
const select = 'rounded border border-slate-300 bg-white px-1.5 py-1 text-xs dark:border-slate-700 dark:bg-slate-950';

export function IncidentControls(props: {
  incidentId: string;
  status: string;
  severity: string;
  commanderId: string;
  commsLeadId: string;
  people: Person[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const run = (p: () => Promise<ActionResult<unknown>>) =>
    start(async () => {
      const r = await p();
      setError(r.ok ? null : r.error);
      if (r.ok) router.refresh();
    });
  const next = INCIDENT_STATUSES[INCIDENT_STATUSES.indexOf(props.status as never) + 1];
  return (
    <div
      className="flex flex-wrap items-center gap-3 rounded-md bg-slate-100 p-2 dark:bg-slate-900"
      aria-label="Incident controls"
    >
      <div className="flex items-center gap-1" role="group" aria-label="Status">
        {INCIDENT_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            disabled={pending || s === props.status}
            aria-pressed={s === props.status}
            onClick={() => run(() => setStatus({ incidentId: props.incidentId, status: s }))}
            className={`rounded px-2 py-1 text-xs capitalize ${s === props.status ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900' : 'text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800'}`}
          >
            {s}
          </button>
        ))}
        {next && (
          <Button
            size="sm"
            disabled={pending}
            onClick={() => run(() => setStatus({ incidentId: props.incidentId, status: next }))}
          >
            Move to {next}
          </Button>
        )}
      </div>
      <label className="flex items-center gap-1 text-xs">
        Severity
        <select
          aria-label="Severity"
          className={select}
          value={props.severity}
          disabled={pending}
          onChange={(e) => {
            const severity = pickOption(SEVERITIES, e.target.value);
            if (severity) run(() => setSeverity({ incidentId: props.incidentId, severity }));
          }}
        >
          {SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <PersonSelect
        label="Commander"
        value={props.commanderId}
        disabled={pending}
        people={props.people.filter((p) => p.role === 'commander' || p.role === 'admin')}
        onChange={(id) =>
          run(() =>
            assignRoles({ incidentId: props.incidentId, commanderId: id, commsLeadId: props.commsLeadId || null }),
          )
        }
      />
      <PersonSelect
        label="Comms lead"
        value={props.commsLeadId}
        disabled={pending}
        people={props.people.filter((p) => p.role !== 'viewer')}
        onChange={(id) =>
          run(() =>
            assignRoles({ incidentId: props.incidentId, commanderId: props.commanderId || null, commsLeadId: id }),
          )
        }
      />
      <FormMessage error={error} />
    </div>
  );
}

function PersonSelect(props: {
  label: string;
  value: string;
  disabled: boolean;
  people: Person[];
  onChange: (id: string | null) => void;
}) {
  return (
    <label className="flex items-center gap-1 text-xs">
      {props.label}
      <select
        aria-label={props.label}
        className={select}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value || null)}
      >
        <option value="">unassigned</option>
        {props.people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.email})
          </option>
        ))}
      </select>
    </label>
  );
}
