import type { ConnectionTestView } from '@/lib/hosts/hosts';

export function TestResultPanel({ report }: { report: ConnectionTestView }) {
  if (report.ok) {
    return (
      <div data-testid="test-result" data-status={report.status} className="space-y-1 text-sm">
        <p className="font-semibold text-emerald-700 dark:text-emerald-400">
          OK — {report.name} answered in <span className="tabular-nums">{report.durationMs} ms</span>
        </p>
        <pre
          data-testid="test-output"
          className="overflow-x-auto rounded-md bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800"
        >
          {report.output || '(no output)'}
        </pre>
      </div>
    );
  }
  return (
    <div
      role="alert"
      data-testid="test-result"
      data-status={report.status}
      className="space-y-1 rounded-md bg-rose-50 p-2 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200"
    >
      <p className="font-semibold">
        <span data-testid="test-code">{report.code}</span> — {report.name}
        <span className="ml-2 font-normal tabular-nums">after {report.durationMs} ms</span>
      </p>
      {report.hostKey && (
        <div className="font-mono text-xs">
          <p>expected: {report.hostKey.expected ?? '(nothing pinned)'}</p>
          <p>
            presented: {report.hostKey.keyType} {report.hostKey.actual}
          </p>
        </div>
      )}
      <p className="text-xs">{report.hint}</p>
      {report.output && (
        <pre className="overflow-x-auto rounded bg-white/60 p-2 font-mono text-xs dark:bg-black/30">
          {report.output}
        </pre>
      )}
    </div>
  );
}
