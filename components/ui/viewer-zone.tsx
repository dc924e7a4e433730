'use client';

import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import { UTC, VIEWER_ZONE_COOKIE } from '@/lib/time/format-time';

/**
 * Which zone times render in. The server cannot know the browser's zone, so
 * the browser tells it once in a cookie and every later page is rendered in
 * that zone on the server. Hydration reads the same zone the server used
 * (getServerSnapshot), so there is never a mismatch; the browser's own zone
 * replaces it right after only if they differ — the first visit, or a laptop
 * that travelled — and the cookie is fixed at the same moment, so that
 * "flicker" happens once per zone change, not on every page.
 */
const ServerZone = createContext<string>(UTC);

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || UTC;
const subscribe = () => () => {};

export function ViewerZoneProvider({ zone, children }: { zone: string; children: React.ReactNode }) {
  useEffect(() => {
    const actual = browserZone();
    if (actual !== zone) {
      const secure = location.protocol === 'https:' ? '; secure' : '';
      document.cookie = `${VIEWER_ZONE_COOKIE}=${encodeURIComponent(actual)}; path=/; max-age=31536000; samesite=lax${secure}`;
    }
  }, [zone]);
  return <ServerZone.Provider value={zone}>{children}</ServerZone.Provider>;
}

/** The viewer's IANA zone: the cookie's during hydration, the browser's after. */
export function useViewerZone(): string {
  const serverZone = useContext(ServerZone);
  return useSyncExternalStore(subscribe, browserZone, () => serverZone);
}
