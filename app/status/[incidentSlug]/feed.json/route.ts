import { json, route } from '@/lib/http/route';
import { getCachedPublicStatus, PUBLIC_FEED_MAX_AGE_S } from '@/lib/status-page/cached-status';

export const dynamic = 'force-dynamic';

/** What the public status page polls: the same narrow public view, shared by every visitor for a few seconds. */
export const GET = route<{ incidentSlug: string }>(
  'public-status-feed',
  { public: true, why: 'the public status page: only the public updates, title and status' },
  async ({ params }) => {
    const status = await getCachedPublicStatus(params.incidentSlug);
    const cacheControl = `public, max-age=${PUBLIC_FEED_MAX_AGE_S}`;
    if (!status)
      return json(
        404,
        { error: { code: 'not_found:status-page', message: 'No such status page.' } },
        { 'cache-control': cacheControl },
      );
    return json(200, status, { 'cache-control': cacheControl });
  },
);
