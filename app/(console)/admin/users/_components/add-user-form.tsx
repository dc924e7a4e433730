'use client';

import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Field, Input, Select } from '@/components/ui/input';
import { useFormAction } from '@/components/ui/use-form-action';
import { addUser } from '../actions';

export function AddUserForm({ roles }: { roles: string[] }) {
  const { formAction, pending, result: state, error, values } = useFormAction(addUser);
  return (
    <form
      action={formAction}
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      aria-label="Add a user"
    >
      <Field label="Email" name="email" errors={error?.fieldErrors}>
        <Input name="email" type="email" required defaultValue={values.email} />
      </Field>
      <Field label="Name" name="name" errors={error?.fieldErrors}>
        <Input name="name" defaultValue={values.name} />
      </Field>
      <Field label="Role" name="role" errors={error?.fieldErrors}>
        {/* React ignores a select's defaultValue after mount: the key remounts it with the submitted role. */}
        <Select key={values.role ?? ''} name="role" defaultValue={values.role ?? 'responder'}>
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </Select>
      </Field>
      <Field label="Password (blank: generate one)" name="password" errors={error?.fieldErrors}>
        <Input name="password" type="password" autoComplete="new-password" />
      </Field>
      <FormMessage error={error} success={state?.ok ? `Added ${state.data.email}.` : null} />
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
