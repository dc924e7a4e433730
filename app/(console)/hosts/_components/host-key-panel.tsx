'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import type { ActionError } from '@/lib/errors';
import type { FetchedKeyView, PinResult } from '@/lib/hosts/hosts';
import type { HostView } from '@/lib/hosts/queries';
import { repinHost, trustHostKey } from '../actions';
import { ErrorBox } from './error-box';

/** The key file OpenSSH keeps for each host key type, for the compare-on-the-console hint. */
function keyFileFor(keyType: string): string {
  if (keyType === 'ssh-ed25519') return '/etc/ssh/ssh_host_ed25519_key.pub';
  if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-')) return '/etc/ssh/ssh_host_rsa_key.pub';
  if (keyType.startsWith('ecdsa-')) return '/etc/ssh/ssh_host_ecdsa_key.pub';
  return '/etc/ssh/ssh_host_*_key.pub';
}

export function HostKeyPanel({
  host,
  fetched,
  onPinned,
}: {
  host: HostView;
  fetched: FetchedKeyView;
  onPinned: (pin: PinResult) => void;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const matches = fetched.pinned === fetched.fingerprint;
  const previous = fetched.pinned;
  const changed = previous !== null && !matches;

  const confirm = () =>
    start(async () => {
      const result = changed
        ? await repinHost({ hostId: host.id, previousFingerprint: previous, fingerprint: fetched.fingerprint })
        : await trustHostKey({ hostId: host.id, fingerprint: fetched.fingerprint });
      if (result.ok) onPinned(result.data);
      else setError(result.error);
    });

  return (
    <div data-testid="host-key-panel" className="space-y-2 text-sm">
      <p>
        <span className="text-slate-500">{host.name} presents</span>{' '}
        <strong data-testid="fetched-key-type">{fetched.keyType}</strong>
      </p>
      <div className="flex items-center gap-2">
        <code
          data-testid="fetched-fingerprint"
          className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm dark:bg-slate-800"
        >
          {fetched.fingerprint}
        </code>
        <CopyButton text={fetched.fingerprint} />
      </div>
      {matches ? (
        <p data-testid="key-matches" className="text-emerald-700 dark:text-emerald-400">
          Matches the pinned key. Nothing to do.
        </p>
      ) : (
        <>
          <p className="text-xs text-slate-500">
            Before trusting it, compare it with the host&apos;s own fingerprint, read on its console (not over this
            network): <code className="font-mono">ssh-keygen -lf {keyFileFor(fetched.keyType)}</code>
          </p>
          {changed && (
            <div
              role="alert"
              data-testid="key-differs"
              className="rounded-md bg-rose-50 p-2 text-rose-800 dark:bg-rose-950 dark:text-rose-200"
            >
              <p className="font-semibold">HOST_KEY_CHANGED: this is not the pinned key.</p>
              <p className="font-mono text-xs">pinned:&nbsp;&nbsp;&nbsp;{fetched.pinned}</p>
              <p className="font-mono text-xs">presented: {fetched.fingerprint}</p>
              <p className="mt-1 text-xs">
                Re-pin only if you know the host was rebuilt or its keys rotated. Otherwise someone may be in the
                middle: stop and ask.
              </p>
            </div>
          )}
          <div className="flex items-center gap-2">
            <Button size="sm" variant={changed ? 'danger' : 'primary'} disabled={pending} onClick={confirm}>
              {changed ? 'Re-pin to this key' : 'Trust this key'}
            </Button>
            <span className="text-xs text-slate-500">The key is fetched again and must still be exactly this one.</span>
          </div>
        </>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  );
}
