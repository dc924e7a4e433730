'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Select } from '@/components/ui/input';
import type { ActionError, ActionResult } from '@/lib/errors';
import { INCIDENT_STATUSES, SEVERITIES } from '@/lib/incidents/constants';
import { SEVERITY_HINT } from '@/lib/incidents/severity';
import { pickOption } from '@/lib/form-text';
import { setSeverity, setStatus } from '../actions';
import { RoleSelect, type Holder, type Person } from './role-select';

export function IncidentControls(props: {
  incidentId: string;
  status: string;
  severity: string;
  commander: Holder | null;
  commsLead: Holder | null;
  rolesVersion: number;
  people: Person[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  // Resolving is asked twice: the server answers the first request with what is left.
  const [confirmResolve, setConfirmResolve] = useState<string | null>(null);
  const run = (p: () => Promise<ActionResult<unknown>>) =>
    start(async () => {
      const r = await p();
      if (!r.ok && r.error.code === 'conflict:confirm-resolve') {
        setError(null);
        setConfirmResolve(r.error.message);
        return;
      }
      setConfirmResolve(null);
      setError(r.ok ? null : r.error);
      if (r.ok) router.refresh();
    });
  const changeStatus = (status: (typeof INCIDENT_STATUSES)[number], confirmed = false) =>
    run(() => setStatus({ incidentId: props.incidentId, status, confirmed }));
  const next = INCIDENT_STATUSES[INCIDENT_STATUSES.indexOf(props.status as never) + 1];
  return (
    <div className="space-y-2">
      <div
        className="flex flex-wrap items-center gap-3 rounded-md bg-slate-100 p-2 dark:bg-slate-900"
        aria-label="Incident controls"
      >
        <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Status">
          {INCIDENT_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              disabled={pending || s === props.status}
              aria-pressed={s === props.status}
              onClick={() => changeStatus(s)}
              className={`whitespace-nowrap rounded px-2 py-1 text-xs capitalize ${s === props.status ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900' : 'text-slate-700 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800'}`}
            >
              {s}
            </button>
          ))}
          {next && (
            <Button size="sm" className="whitespace-nowrap" disabled={pending} onClick={() => changeStatus(next)}>
              Move to {next}
            </Button>
          )}
        </div>
        <label className="flex items-center gap-1 text-xs">
          Severity
          <Select
            aria-label="Severity"
            size="xs"
            fullWidth={false}
            value={props.severity}
            disabled={pending}
            onChange={(e) => {
              const severity = pickOption(SEVERITIES, e.target.value);
              if (severity) run(() => setSeverity({ incidentId: props.incidentId, severity }));
            }}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s} title={SEVERITY_HINT[s]}>
                {s}
              </option>
            ))}
          </Select>
        </label>
        <RoleSelect
          incidentId={props.incidentId}
          role="commander"
          label="Commander"
          holder={props.commander}
          version={props.rolesVersion}
          people={props.people.filter((p) => p.role === 'commander' || p.role === 'admin')}
        />
        <RoleSelect
          incidentId={props.incidentId}
          role="commsLead"
          label="Comms lead"
          holder={props.commsLead}
          version={props.rolesVersion}
          people={props.people.filter((p) => p.role !== 'viewer')}
        />
        <FormMessage error={error} />
      </div>
      {confirmResolve && (
        <div
          role="alertdialog"
          aria-label="Confirm resolve"
          data-testid="confirm-resolve"
          className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="flex-1">{confirmResolve}</p>
          <Button size="sm" variant="danger" disabled={pending} onClick={() => changeStatus('resolved', true)}>
            Resolve anyway
          </Button>
          <Button size="sm" variant="secondary" disabled={pending} onClick={() => setConfirmResolve(null)}>
            Keep it open
          </Button>
        </div>
      )}
    </div>
  );
}
