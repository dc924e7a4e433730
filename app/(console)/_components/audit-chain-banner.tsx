import { auditChainState } from '@/lib/audit/watch-chain';

/** Shown to admins while warroom's own check of the audit log fails: someone changed or removed entries. */
export function AuditChainBanner() {
  const state = auditChainState();
  if (!state || state.ok) return null;
  return (
    <div
      role="alert"
      data-testid="audit-chain-banner"
      className="border-b border-rose-400 bg-rose-600 px-4 py-2 text-sm text-white dark:border-rose-700 dark:bg-rose-800"
    >
      <div className="mx-auto max-w-7xl">
        <strong>The audit log failed its integrity check at entry {state.badSeq}.</strong> {state.reason}. Checked{' '}
        {state.at}. Run <code>warroom audit verify</code> on the server and compare with a backup.
      </div>
    </div>
  );
}
