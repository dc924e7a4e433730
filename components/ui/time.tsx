'use client';

import { formatAgo, formatTime, formatUtc, type TimeStyle } from '@/lib/time/format-time';
import { useNow } from './use-now';
import { useViewerZone } from './viewer-zone';

/**
 * An absolute time that names its zone ("2026-11-30 21:12 CST"), in the
 * viewer's zone unless `zone` pins one (the public page pins UTC), with the
 * UTC instant on hover and in `dateTime`. `ago` adds a live "· 12 min ago".
 * Where the text came from another zone (a backdated note typed in CST),
 * the hover says so.
 */
export function Time({
  iso,
  zone,
  style,
  seconds = false,
  ago = false,
  sourceTz,
}: {
  iso: string;
  zone?: string;
  style?: TimeStyle;
  seconds?: boolean;
  ago?: boolean;
  sourceTz?: string | null;
}) {
  const viewerZone = useViewerZone();
  const title = `${formatUtc(iso)}${sourceTz ? ` — entered as ${sourceTz}` : ''}`;
  return (
    <time dateTime={iso} title={title}>
      {formatTime(iso, zone ?? viewerZone, { style, seconds })}
      {ago && <Ago iso={iso} />}
    </time>
  );
}

/** "· 12 min ago", ticking; nothing on the server (its clock and the browser's differ). */
export function Ago({ iso }: { iso: string }) {
  const now = useNow();
  if (now === null) return null;
  return <span className="text-slate-500"> · {formatAgo(now - Date.parse(iso))}</span>;
}
