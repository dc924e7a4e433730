import type { ActionError } from '@/lib/errors';

export function ErrorBox({ error }: { error: ActionError }) {
  return (
    <p
      role="alert"
      data-testid="host-error"
      className="rounded-md bg-rose-50 p-2 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200"
    >
      {error.message}
    </p>
  );
}
