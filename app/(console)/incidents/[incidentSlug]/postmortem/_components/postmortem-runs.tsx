import Link from 'next/link';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import type { Postmortem } from '@/lib/postmortem/schema';

/** The runs and approval requests: who asked, who approved, each host's end and what each kill did. */
export function PostmortemRuns({ runs }: { runs: Postmortem['runs'] }) {
  if (runs.length === 0) return null;
  return (
    <ul className="space-y-2 text-sm" data-testid="pm-runs">
      {runs.map((r) => (
        <li key={r.id} className="break-inside-avoid" data-testid="pm-run">
          <div className="flex flex-wrap items-center gap-2">
            <Time iso={r.requestedAt} seconds />
            {r.link ? (
              <Link className="font-medium underline" href={r.link}>
                {r.id.startsWith('approval:') ? r.playbook : `Run #${r.id} ${r.playbook}`}
              </Link>
            ) : (
              <span className="font-medium">{r.playbook}</span>
            )}
            <span>on {r.hosts.join(', ')}</span>
            <Badge tone={tone(r.status)}>{r.status}</Badge>
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {r.requestedBy && <>requested by {r.requestedBy.name}</>}
            {r.approvedBy && <>, approved by {r.approvedBy.name}</>}
            {r.approval?.status === 'rejected' && r.approval.decidedBy && <>, rejected by {r.approval.decidedBy}</>}
            {r.params.length > 0 && <> · {r.params.map((p) => `${p.name}=${p.secret ? '••••' : p.value}`).join(' ')}</>}
            {r.result && <> · {r.result}</>}
          </p>
          {r.hostResults.length > 0 && (
            <ul className="ml-4 text-xs">
              {r.hostResults.map((h) => (
                <li key={h.host} data-testid="pm-run-host">
                  {h.host}: {h.status}
                  {h.steps
                    .filter((s) => s.kill)
                    .map((s) => ` · ${s.name}: kill ${s.kill}`)
                    .join('')}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

function tone(status: string): BadgeTone {
  if (status === 'succeeded') return 'green';
  if (/failed|timed_out|interrupted|rejected|expired|cancelled/.test(status)) return 'red';
  return 'amber';
}
