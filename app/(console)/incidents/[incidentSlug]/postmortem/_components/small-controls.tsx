'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import type { ActionError } from '@/lib/errors';
import { markTimelineEventKey } from '../actions';

export function PrintButton() {
  return (
    <Button size="sm" variant="secondary" onClick={() => window.print()}>
      Print / Save as PDF
    </Button>
  );
}

/** Marks a note as key: it then joins the draft's important events and the chart. */
export function KeyToggle({ eventId, isKey }: { eventId: string; isKey: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  return (
    <span className="print:hidden">
      <Button
        size="sm"
        variant="ghost"
        disabled={pending}
        aria-pressed={isKey}
        onClick={() =>
          start(async () => {
            const r = await markTimelineEventKey({ eventId, key: !isKey });
            setError(r.ok ? null : r.error);
            router.refresh();
          })
        }
      >
        {isKey ? '★ key' : '☆ mark key'}
      </Button>
      {error && <span className="text-xs text-rose-600">{error.message}</span>}
    </span>
  );
}
