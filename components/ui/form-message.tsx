import type { ActionError } from '@/lib/errors';

/** The one place a form shows its result; aria-live so screen readers hear it. */
export function FormMessage({ error, success }: { error?: ActionError | null; success?: string | null }) {
  return (
    <div aria-live="polite" role="status" className="min-h-5 text-sm">
      {error ? (
        <p data-testid="form-error" className="text-rose-600 dark:text-rose-400">
          {error.message}
        </p>
      ) : success ? (
        <p data-testid="form-success" className="text-emerald-700 dark:text-emerald-400">
          {success}
        </p>
      ) : null}
    </div>
  );
}
