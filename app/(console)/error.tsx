'use client';

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div
      role="alert"
      className="rounded-md border border-rose-300 bg-rose-50 p-4 dark:border-rose-900 dark:bg-rose-950"
    >
      <h2 className="font-semibold text-rose-800 dark:text-rose-200">Something went wrong</h2>
      <p className="mt-1 text-rose-700 dark:text-rose-300">
        The server could not complete this request. Nothing you entered was saved.{' '}
        {error.digest ? `Reference: ${error.digest}` : ''}
      </p>
      <button onClick={reset} className="mt-3 rounded bg-rose-600 px-3 py-1 text-white">
        Try again
      </button>
    </div>
  );
}
