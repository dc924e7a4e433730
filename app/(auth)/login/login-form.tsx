'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { signInAction } from './actions';

export function LoginForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState(signInAction, null);
  const error = state && !state.ok ? state.error : null;
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <input type="hidden" name="next" value={next} />
      <label className="block">
        <span className="text-xs font-medium text-slate-600 dark:text-slate-400">Email</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          aria-invalid={Boolean(error?.fieldErrors?.email)}
          className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 dark:border-slate-700 dark:bg-slate-950"
        />
      </label>
      <label className="block">
        <span className="text-xs font-medium text-slate-600 dark:text-slate-400">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 dark:border-slate-700 dark:bg-slate-950"
        />
      </label>
      <FormMessage error={error} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
