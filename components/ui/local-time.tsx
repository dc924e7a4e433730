'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * A timestamp in the viewer's time zone; the server renders UTC (it cannot
 * know the zone) and the browser swaps in local time. The original zone, if
 * the time was entered in another one, is on hover.
 */
export function LocalTime({
  iso,
  sourceTz,
  withSeconds = false,
}: {
  iso: string;
  sourceTz?: string | null;
  withSeconds?: boolean;
}) {
  const local = useSyncExternalStore(
    subscribe,
    () => format(iso, undefined, withSeconds),
    () => `${format(iso, 'UTC', withSeconds)} UTC`,
  );
  const title = `${new Date(iso).toISOString()}${sourceTz ? ` — entered as ${sourceTz}` : ''}`;
  return (
    <time dateTime={iso} title={title} suppressHydrationWarning>
      {local}
    </time>
  );
}

function format(iso: string, timeZone: string | undefined, withSeconds: boolean): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    hour12: false,
  })
    .format(new Date(iso))
    .replace(',', '');
}
