import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { connection } from 'next/server';
import { Badge, statusTone } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import { getPublicStatus } from '@/lib/comms/public-status';

const loadStatus = cache(getPublicStatus);

/**
 * The public status page: no sign-in, and only what lib/comms/public-status
 * selects — the title, the current status and the published public updates.
 */
type Params = { params: Promise<{ incidentSlug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { incidentSlug } = await params;
  await connection();
  const status = await loadStatus(incidentSlug);
  return { title: status ? `Status: ${status.title}` : 'Not found', robots: { index: false, follow: false } };
}

export default async function PublicStatusPage({ params }: Params) {
  const { incidentSlug } = await params;
  // Always fresh: an update published a second ago must show.
  await connection();
  const status = await loadStatus(incidentSlug);
  if (!status) notFound();
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
        <div className="flex items-center gap-2 text-sm">
          <span>Current status:</span>
          <span data-testid="public-status">
            <Badge tone={statusTone(status.status)}>{status.status}</Badge>
          </span>
          {latest && (
            <span className="text-slate-500">
              · last updated <LocalTime iso={latest.publishedAt} />
            </span>
          )}
        </div>
      </header>
      {status.updates.length === 0 ? (
        <p className="text-slate-500">No updates have been published yet.</p>
      ) : (
        <ol className="space-y-4" aria-label="Updates, newest first">
          {status.updates.map((u) => (
            <li
              key={u.id}
              data-testid="public-update"
              className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
            >
              <div className="mb-1 text-xs text-slate-500">
                <LocalTime iso={u.publishedAt} />
              </div>
              <p className="whitespace-pre-wrap break-words">{u.body}</p>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
