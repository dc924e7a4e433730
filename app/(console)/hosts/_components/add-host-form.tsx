'use client';

import { useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/errors';
import type { HostCreated } from '@/lib/hosts/hosts';
import { addHost } from '../actions';
import { HostFields, KeyFields } from './host-fields';
import { PublicKeyBox } from './public-key-box';

type Result = (ActionResult<HostCreated> & { username?: string }) | null;

export function AddHostForm() {
  const form = useRef<HTMLFormElement>(null);
  const [state, setState] = useState<Result>(null);
  const [pending, start] = useTransition();
  return (
    <form
      ref={form}
      aria-label="Add a host"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const username = String(data.get('username') ?? '');
        start(async () => {
          const result = await addHost(data);
          setState({ ...result, username });
          // Clear the pasted key from the page as soon as it is stored; on an error keep the form as typed.
          if (result.ok) form.current?.reset();
        });
      }}
    >
      <HostFields errors={state && !state.ok ? state.error.fieldErrors : undefined} />
      <KeyFields errors={state && !state.ok ? state.error.fieldErrors : undefined} />
      <FormMessage
        error={state && !state.ok ? state.error : null}
        success={state?.ok ? `Added ${state.data.name}. Next: fetch its host key and trust it.` : null}
      />
      {state?.ok && state.data.publicKey ? (
        <PublicKeyBox
          publicKey={state.data.publicKey}
          username={state.username ?? ''}
          prominent={state.data.generated}
        />
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add host'}
      </Button>
    </form>
  );
}
