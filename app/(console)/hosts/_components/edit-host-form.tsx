'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/errors';
import type { HostUpdated } from '@/lib/hosts/hosts';
import type { HostView } from '@/lib/hosts/queries';
import { editHost } from '../actions';
import { HostFields, KeyFields } from './host-fields';
import { PublicKeyBox } from './public-key-box';

export function EditHostForm({ host, onDone }: { host: HostView; onDone: () => void }) {
  const [state, setState] = useState<ActionResult<HostUpdated> | null>(null);
  const [pending, start] = useTransition();
  const errors = state && !state.ok ? state.error.fieldErrors : undefined;
  return (
    <form
      aria-label={`Edit ${host.name}`}
      className="grid gap-4 md:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        data.set('hostId', host.id);
        start(async () => setState(await editHost(data)));
      }}
    >
      <div className="space-y-3">
        <HostFields defaults={host} errors={errors} />
      </div>
      <div className="space-y-3">
        {host.publicKey && <PublicKeyBox publicKey={host.publicKey} username={host.username} />}
        <KeyFields optional errors={errors} />
        <p className="text-xs text-slate-500">
          The pinned host key stays as it is. If the address now points at another machine, its key will not match:
          fetch it and re-pin.
        </p>
        <FormMessage
          error={state && !state.ok ? state.error : null}
          success={state?.ok ? `Saved ${state.data.name}: ${state.data.changed.join(', ')} changed.` : null}
        />
        {state?.ok && state.data.publicKey && state.data.generated && (
          <PublicKeyBox publicKey={state.data.publicKey} username={host.username} prominent />
        )}
        <div className="flex gap-2">
          <Button type="submit" disabled={pending}>
            {pending ? 'Saving…' : 'Save'}
          </Button>
          <Button type="button" variant="ghost" onClick={onDone}>
            Close
          </Button>
        </div>
      </div>
    </form>
  );
}
