'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Select } from '@/components/ui/input';
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
  const router = useRouter();
  // A role change is asked first, then reported: it signs the person out everywhere.
  const [proposed, setProposed] = useState<Role | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const confirmRole = (role: Role) =>
    start(async () => {
      const r = await changeUserRole({ userId: user.id, role });
      setProposed(null);
      setError(r.ok ? null : r.error);
      setReport(
        r.ok ? `${r.data.email} is now ${r.data.to} (was ${r.data.from}); their sessions were signed out.` : null,
      );
      if (r.ok) router.refresh();
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
        <Select
          aria-label={`Role of ${user.email}`}
          value={proposed ?? user.role}
          disabled={pending || isSelf}
          title={isSelf ? 'You cannot change your own role; ask another admin.' : undefined}
          onChange={(e) => {
            const role = pickOption(roles, e.target.value);
            setReport(null);
            setProposed(role && role !== user.role ? role : null);
          }}
          size="xs"
          fullWidth={false}
        >
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </Select>
        {isSelf && <p className="text-[11px] text-slate-500">Your own role is changed by another admin.</p>}
        {proposed && (
          <span
            role="alertdialog"
            aria-label={`Confirm role of ${user.email}`}
            className="mt-1 flex flex-wrap items-center gap-1 text-xs"
          >
            Make {user.email} a {proposed}? They will be signed out.
            <Button size="sm" disabled={pending} onClick={() => confirmRole(proposed)}>
              Change role
            </Button>
            <Button size="sm" variant="secondary" disabled={pending} onClick={() => setProposed(null)}>
              Cancel
            </Button>
          </span>
        )}
        {report && (
          <p role="status" data-testid="role-report" className="text-xs text-emerald-700 dark:text-emerald-400">
            {report}
          </p>
        )}
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
            onClick={() =>
              start(async () => {
                const r = await setUserDisabledAction({ userId: user.id, disabled: !user.disabled });
                setError(r.ok ? null : r.error);
                const vacated = r.ok ? r.data.vacated : [];
                setReport(
                  vacated.length
                    ? `${user.email} was disabled; their incident roles are now unassigned: ${vacated.map((v) => `${v.role === 'commander' ? 'commander' : 'comms lead'} of ${v.slug}`).join(', ')}.`
                    : null,
                );
                if (r.ok) router.refresh();
              })
            }
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
