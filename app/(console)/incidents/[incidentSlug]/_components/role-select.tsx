'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionError } from '@/lib/errors';
import { Select } from '@/components/ui/input';
import { setIncidentRole } from '../actions';

export type Person = { id: string; name: string; email: string; role: string };
export type Holder = { id: string; name: string; email: string; disabled: boolean };

/**
 * One incident role, changed on its own: it sends only this role and the
 * roles' version the page showed, so a stale page gets a conflict instead of
 * reverting someone else's change. Its error is shown next to it.
 */
export function RoleSelect(props: {
  incidentId: string;
  role: 'commander' | 'commsLead';
  label: string;
  holder: Holder | null;
  version: number;
  people: Person[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const id = `role-${props.role}`;
  // A holder who is no longer in the list (disabled since) is still shown as who holds the role.
  const holderListed = !props.holder || props.people.some((p) => p.id === props.holder!.id);
  return (
    <span className="flex flex-col">
      <label className="flex items-center gap-1 text-xs">
        {props.label}
        <Select
          id={id}
          aria-label={props.label}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          size="xs"
          fullWidth={false}
          value={props.holder?.id ?? ''}
          disabled={pending}
          onChange={(e) => {
            const userId = e.target.value || null;
            start(async () => {
              const r = await setIncidentRole({
                incidentId: props.incidentId,
                role: props.role,
                userId,
                version: props.version,
              });
              setError(r.ok ? null : r.error);
              router.refresh();
            });
          }}
        >
          <option value="">unassigned</option>
          {!holderListed && props.holder && (
            <option value={props.holder.id} disabled>
              {props.holder.name} ({props.holder.email}){props.holder.disabled ? ' — disabled' : ''}
            </option>
          )}
          {props.people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.email})
            </option>
          ))}
        </Select>
      </label>
      {error && (
        <span
          id={`${id}-error`}
          role="alert"
          data-testid={`${id}-error`}
          className="max-w-xs text-xs text-rose-600 dark:text-rose-400"
        >
          {error.message}
        </span>
      )}
    </span>
  );
}
