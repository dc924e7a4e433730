'use client';

import { useEffect, useState } from 'react';
import { Badge, statusTone } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import type { PublicStatus } from '@/lib/comms/public-status';

/** How often the page asks: the feed's own cache window, so a poll never finds the same answer twice in a row by design. */
const POLL_MS = 10_000;

/**
 * The public status page, kept current by polling `feed.json` — a short-lived
 * cached response — rather than a stream: during a SEV1 a thousand anonymous
 * visitors must not each hold a connection open on the console. Times are in
 * UTC and say so: the page's readers are in every zone.
 */
export function PublicStatusLive({ slug, initial }: { slug: string; initial: PublicStatus }) {
  const [status, setStatus] = useState(initial);
  const [gone, setGone] = useState(false);
  useEffect(() => {
    let stopped = false;
    async function poll() {
      if (document.visibilityState !== 'visible') return;
      try {
        const res = await fetch(`/status/${encodeURIComponent(slug)}/feed.json`);
        if (stopped) return;
        if (res.status === 404) setGone(true);
        else if (res.ok) {
          setGone(false);
          setStatus((await res.json()) as PublicStatus);
        }
      } catch {
        // Offline for a moment: the next poll tries again; what is shown stays.
      }
    }
    const timer = setInterval(() => void poll(), POLL_MS);
    const onVisible = () => void poll();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [slug]);

  const latest = status.updates[0];
  return (
    <main className="mx-auto max-w-2xl space-y-6 p-6 sm:p-10">
      <header className="space-y-2 border-b border-slate-200 pb-4 dark:border-slate-800">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Status</p>
        <h1 className="text-xl font-semibold leading-tight" data-testid="public-title">
          {status.title}
        </h1>
        {status.summary && (
          <p className="text-sm" data-testid="public-summary">
            {status.summary}
          </p>
        )}
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span>Current status:</span>
          <span data-testid="public-status">
            <Badge tone={statusTone(status.status)}>{status.status}</Badge>
          </span>
          {latest && (
            <span className="text-slate-500" data-testid="public-last-updated">
              · last updated <Time iso={latest.publishedAt} zone="UTC" />
            </span>
          )}
        </div>
        <p className="text-xs text-slate-500">All times are UTC. This page refreshes itself.</p>
        {gone && (
          <p role="status" className="text-sm text-amber-700 dark:text-amber-400">
            This status page is no longer available; what is shown is the last update it had.
          </p>
        )}
      </header>
      <ol className="space-y-4" aria-label="Updates, newest first" aria-live="polite">
        {status.updates.map((u) => (
          <li
            key={u.id}
            data-testid="public-update"
            className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
          >
            <div className="mb-1 text-xs text-slate-500">
              <Time iso={u.publishedAt} zone="UTC" />
            </div>
            <p className="whitespace-pre-wrap break-words">{u.body}</p>
          </li>
        ))}
      </ol>
    </main>
  );
}
