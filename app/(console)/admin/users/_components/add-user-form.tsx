'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/errors';
import { addUser } from '../actions';

type Result = ActionResult<{ id: string; email: string; generatedPassword?: string }> | null;

const input =
  'mt-1 w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 dark:border-slate-700 dark:bg-slate-950';

export function AddUserForm({ roles }: { roles: string[] }) {
  const [state, formAction, pending] = useActionState<Result, FormData>((_prev, form) => addUser(form), null);
  return (
    <form
      action={formAction}
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      aria-label="Add a user"
    >
      <label className="block">
        <span className="text-xs font-medium text-slate-500">Email</span>
        <input name="email" type="email" required className={input} />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-500">Name</span>
        <input name="name" className={input} />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-500">Role</span>
        <select name="role" defaultValue="responder" className={input}>
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-500">Password (blank: generate one)</span>
        <input name="password" type="password" autoComplete="new-password" className={input} />
      </label>
      <FormMessage
        error={state && !state.ok ? state.error : null}
        success={state?.ok ? `Added ${state.data.email}.` : null}
      />
      {state?.ok && state.data.generatedPassword ? (
        <p className="rounded bg-amber-50 p-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          Generated password, shown once: <code data-testid="generated-password">{state.data.generatedPassword}</code>
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        Add user
      </Button>
    </form>
  );
}
