'use client';

import { useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { ActionError } from '@/lib/errors';
import { changeUserRole, resetPassword, setUserDisabledAction } from '../actions';
import type { Role } from '@/lib/auth/permissions';
import { pickOption } from '@/lib/form-text';

type Row = { id: string; email: string; name: string; role: string; disabled: boolean; createdAt: string };

export function UserRow({ user, roles, isSelf }: { user: Row; roles: readonly Role[]; isSelf: boolean }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const [newPassword, setNewPassword] = useState<string | null>(null);
  const run = (p: Promise<{ ok: boolean; error?: ActionError }>) =>
    start(async () => {
      const r = await p;
      setError(r.ok ? null : (r.error ?? null));
    });
  const reset = () =>
    start(async () => {
      const r = await resetPassword({ userId: user.id });
      setError(r.ok ? null : r.error);
      setNewPassword(r.ok ? (r.data.generatedPassword ?? null) : null);
    });
  return (
    <tr data-testid={`user-row-${user.email}`} className="border-t border-slate-200 dark:border-slate-800">
      <td className="py-1.5 pr-3 font-medium">{user.email}</td>
      <td className="py-1.5 pr-3">{user.name}</td>
      <td className="py-1.5 pr-3">
        <select
          aria-label={`Role of ${user.email}`}
          defaultValue={user.role}
          disabled={pending}
          onChange={(e) => {
            const role = pickOption(roles, e.target.value);
            if (role) run(changeUserRole({ userId: user.id, role }));
          }}
          className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-700"
        >
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td className="py-1.5 pr-3">
        {user.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}
      </td>
      <td className="py-1.5 text-right">
        {newPassword && (
          <span className="mr-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            new password, shown once: <code data-testid="reset-password">{newPassword}</code>
          </span>
        )}
        {!isSelf && (
          <Button size="sm" variant="secondary" className="mr-1" disabled={pending} onClick={reset}>
            Reset password
          </Button>
        )}
        {!isSelf && (
          <Button
            size="sm"
            variant={user.disabled ? 'secondary' : 'danger'}
            disabled={pending}
            onClick={() => run(setUserDisabledAction({ userId: user.id, disabled: !user.disabled }))}
          >
            {user.disabled ? 'Enable' : 'Disable'}
          </Button>
        )}
        {error && (
          <span role="alert" className="ml-2 text-xs text-rose-600">
            {error.message}
          </span>
        )}
      </td>
    </tr>
  );
}
