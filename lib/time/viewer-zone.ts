import 'server-only';
import { cookies } from 'next/headers';
import { isTimeZone, UTC, VIEWER_ZONE_COOKIE } from './format-time';

/** The zone the viewer's browser last reported (components/ui/viewer-zone.tsx), or UTC before it has. */
export async function readViewerZone(): Promise<string> {
  const value = (await cookies()).get(VIEWER_ZONE_COOKIE)?.value;
  return isTimeZone(value) ? value : UTC;
}
