import { Badge } from '@/components/ui/badge';
import type { DryRun } from '@/lib/playbooks/dry-run';

/** Every command exactly as it will run on each host, the observations, and what blocks the run. */
export function DryRunView({ dry }: { dry: DryRun }) {
  return (
    <section aria-label="Dry run" data-testid="dry-run" className="space-y-3">
      <p className="text-xs text-slate-500">
        Digest{' '}
        <code className="break-all" data-testid="dry-run-digest">
          {dry.digest}
        </code>
      </p>
      {dry.hosts.map((host) => (
        <div key={host.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{host.name}</span>
            <span className="min-w-0 break-all text-xs text-slate-500">
              {host.serviceManager} · host key {host.fingerprint ?? 'NOT TRUSTED'}
            </span>
            {host.blocked.length > 0 ? <Badge tone="red">blocked</Badge> : <Badge tone="green">ready</Badge>}
          </div>
          {host.blocked.map((b) => (
            <p key={b} className="mt-1 text-sm text-rose-700 dark:text-rose-400" data-testid="dry-run-blocked">
              {b}
            </p>
          ))}
          {host.observations.map((o) => (
            <div key={o.id} className="mt-2 text-xs">
              <p className="font-medium">Observed: {o.name}</p>
              {o.error ? (
                <p className="text-rose-700">{o.error}</p>
              ) : (
                <dl className="mt-1 grid grid-cols-[8rem_1fr] gap-x-2">
                  {Object.entries(o.values).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt className="text-slate-500">{k.split('.')[1]}</dt>
                      <dd className="min-w-0 break-all font-mono" data-testid={`observed-${k}`}>
                        {v}
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </div>
          ))}
          <ol className="mt-2 space-y-2">
            {host.steps.map((s) => (
              <li key={s.id} className="text-xs">
                <p>
                  <span className="font-medium">{s.name}</span>{' '}
                  <span className="text-slate-500">
                    {s.kind}
                    {s.timeoutMs ? ` · timeout ${s.timeoutMs / 1000}s` : ''}
                    {s.sudo ? ' · sudo' : ''}
                    {s.skipped ? ` · skipped: ${s.skipped}` : ''}
                  </span>
                </p>
                {s.message && <p className="italic">{s.message}</p>}
                {s.command && (
                  <pre
                    className="mt-1 overflow-x-auto rounded bg-slate-950 p-2 font-mono text-[11px] text-slate-100"
                    data-testid="dry-run-command"
                  >
                    {s.command}
                  </pre>
                )}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
