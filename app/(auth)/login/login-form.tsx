'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Field, Input } from '@/components/ui/input';
import { signInAction } from './actions';

export function LoginForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState(signInAction, null);
  const error = state && !state.ok ? state.error : null;
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <input type="hidden" name="next" value={next} />
      <Field label="Email">
        <Input
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          aria-invalid={Boolean(error?.fieldErrors?.email)}
        />
      </Field>
      <Field label="Password">
        <Input name="password" type="password" autoComplete="current-password" />
      </Field>
      <FormMessage error={error} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
