'use client';

import { useState, useTransition } from 'react';
import { setPublicPage } from '../actions';

/** Turns this incident's public status page off (it then answers 404) or on again. */
export function PublicPageToggle({ incidentId, disabled }: { incidentId: string; disabled: boolean }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="text-xs">
      <button
        type="button"
        disabled={pending}
        data-testid="public-page-toggle"
        className="text-slate-600 underline disabled:opacity-50 dark:text-slate-400"
        onClick={() =>
          start(async () => {
            const r = await setPublicPage({ incidentId, disabled: !disabled });
            setError(r.ok ? null : r.error.message);
          })
        }
      >
        {disabled ? 'Turn public page on' : 'Turn public page off'}
      </button>
      {error && (
        <span role="alert" className="ml-1 text-rose-600">
          {error}
        </span>
      )}
    </span>
  );
}
