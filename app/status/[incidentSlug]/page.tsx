import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { connection } from 'next/server';
import { getPublicStatus } from '@/lib/comms/public-status';
import { PublicStatusLive } from './_components/public-status-live';

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
  // A page load is always fresh (an update published a second ago shows); the polls after it are cached.
  await connection();
  const status = await loadStatus(incidentSlug);
  if (!status) notFound();
  return <PublicStatusLive slug={incidentSlug} initial={status} />;
}
