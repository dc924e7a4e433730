import { CopyButton } from '@/components/ui/copy-button';

/** The authorized_keys line to install on the host. Public, so it may be shown any time. */
export function PublicKeyBox({
  publicKey,
  username,
  prominent = false,
}: {
  publicKey: string;
  username: string;
  prominent?: boolean;
}) {
  return (
    <div
      data-testid="public-key"
      className={`rounded-md border p-2 text-xs ${prominent ? 'border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950' : 'border-slate-200 dark:border-slate-800'}`}
    >
      <div className="mb-1 flex items-center justify-between gap-2">
        <span className="font-medium">
          Add to <code>~{username}/.ssh/authorized_keys</code> on the host:
        </span>
        <CopyButton text={publicKey} />
      </div>
      <code data-testid="public-key-line" className="block break-all font-mono">
        {publicKey}
      </code>
    </div>
  );
}
