'use client';

import { useActionState } from 'react';
import type { ActionError, ActionResult } from '@/lib/errors';

type State<T> = { result: ActionResult<T> | null; values: Record<string, string> };

/**
 * useActionState for a form that calls a guarded action. React resets a
 * form once its action finishes, whatever the result; so on a refusal the
 * submitted text comes back as `values` for the fields' defaultValue, and
 * nobody retypes a note at 3 a.m. because its time was unreadable.
 *
 *   const { formAction, pending, error, values } = useFormAction((form) => addNote({ … }), () => router.refresh());
 *   <form action={formAction}><Textarea name="text" defaultValue={values.text} /></form>
 *
 * A <select> ignores defaultValue after mount: give it `key={values.x}` too.
 */
export function useFormAction<T>(
  act: (form: FormData) => Promise<ActionResult<T>>,
  onSuccess?: (data: T) => void,
): {
  formAction: (form: FormData) => void;
  pending: boolean;
  result: ActionResult<T> | null;
  error: ActionError | null;
  values: Record<string, string>;
} {
  const [state, formAction, pending] = useActionState<State<T>, FormData>(
    async (_prev, form) => {
      const result = await act(form);
      if (result.ok) {
        onSuccess?.(result.data);
        return { result, values: {} };
      }
      const values: Record<string, string> = {};
      for (const [k, v] of form) if (typeof v === 'string') values[k] = v;
      return { result, values };
    },
    { result: null, values: {} },
  );
  const { result, values } = state;
  return { formAction, pending, result, error: result && !result.ok ? result.error : null, values };
}
