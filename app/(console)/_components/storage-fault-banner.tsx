import { storageFaultNow } from '@/lib/health';

/** Shown to admins while the database refuses writes: what is wrong, since when, and where to look. */
export function StorageFaultBanner() {
  const fault = storageFaultNow();
  if (!fault) return null;
  return (
    <div
      role="alert"
      data-testid="storage-fault-banner"
      className="border-b border-rose-300 bg-rose-50 px-4 py-2 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100"
    >
      <div className="mx-auto max-w-7xl">
        <strong>{fault.message}.</strong> Since {fault.since} ({fault.detail}). Free space on the volume holding the
        database (see /api/health); warroom retries by itself and this banner goes away once it can save again.
      </div>
    </div>
  );
}
