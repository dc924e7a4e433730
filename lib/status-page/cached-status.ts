import 'server-only';
import { getPublicStatus, type PublicStatus } from '@/lib/comms/public-status';

/**
 * The public status page's feed, cached in-process for a few seconds. During
 * a SEV1 a thousand anonymous visitors poll it; each poll inside the window
 * is answered from memory, and a miss that many requests hit at once is one
 * shared read (the promise is cached, not just its value). The same window
 * is the response's `max-age`, so a proxy in front may cache it too. Only
 * the feed is cached: a page load stays fresh, and a page turned off or
 * never published answers 404 within the window.
 */
export const PUBLIC_FEED_MAX_AGE_S = 10;

type Entry = { expires: number; value: Promise<PublicStatus | null> };
const cache = new Map<string, Entry>();
/** Slugs held at most: guessed slugs must not grow the map without bound. */
const MAX_ENTRIES = 500;
let reads = 0;

export function getCachedPublicStatus(slug: string, now = Date.now()): Promise<PublicStatus | null> {
  const hit = cache.get(slug);
  if (hit && hit.expires > now) return hit.value;
  if (cache.size >= MAX_ENTRIES) {
    for (const [key, entry] of cache) if (entry.expires <= now) cache.delete(key);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  reads++;
  const value = getPublicStatus(slug);
  const entry = { expires: now + PUBLIC_FEED_MAX_AGE_S * 1000, value };
  cache.set(slug, entry);
  // A failed read is not remembered: the next poll tries the database again.
  value.catch(() => cache.get(slug) === entry && cache.delete(slug));
  return value;
}

/** Database reads the feed has made since the process started (the cache's proof, and a gauge for ops). */
export function publicFeedReads(): number {
  return reads;
}
