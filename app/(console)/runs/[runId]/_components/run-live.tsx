'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import { statusTone } from '../../_components/run-status';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { ProgressBar } from '@/components/ui/progress-bar';
import type { ActionError } from '@/lib/errors';
import { windowText } from '@/lib/playbooks/output-window';
import type { RunHostView, RunView } from '@/lib/playbooks/run-queries';
import { cancelRun, confirmStep } from '../../actions';
import { OutputView } from './output-view';
import { useRunStream } from './use-run-stream';

const RUNNING = ['requested', 'approved', 'running', 'stopping'];

/** The live run: per-host tabs with status and progress, the steps, and the output as it streams. */
export function RunLive({ initial, canAct, detail }: { initial: RunView; canAct: boolean; detail: boolean }) {
  const { run, state } = useRunStream(initial);
  const [tab, setTab] = useState(run.hosts[0]?.id ?? '');
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  const host = run.hosts.find((h) => h.id === tab) ?? run.hosts[0];
  const live = RUNNING.includes(run.status);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Badge tone={statusTone(run.status)}>{run.status.replace('_', ' ')}</Badge>
        <span className="text-xs text-slate-500" data-testid="stream-state">
          {state === 'live' ? 'live' : state === 'ended' ? 'finished' : state}
        </span>
        {run.message && <span className="text-sm text-slate-600 dark:text-slate-300">{run.message}</span>}
        {run.cancelRequestedBy && live && (
          <span className="text-sm text-amber-700">cancel requested by {run.cancelRequestedBy}</span>
        )}
        {canAct && live && (
          <Button
            variant="danger"
            size="sm"
            className="ml-auto"
            disabled={pending || Boolean(run.cancelRequestedBy)}
            onClick={() =>
              start(async () => {
                const r = await cancelRun({ runId: run.id });
                setError(r.ok ? null : r.error);
              })
            }
          >
            Cancel run
          </Button>
        )}
      </div>
      <FormMessage error={error} />
      {/* Said when the status changes (a teammate cancels, a step fails), without moving focus. */}
      <p className="sr-only" aria-live="polite" data-testid="run-announcer">
        Run #{run.id} is {run.status.replace('_', ' ')}.
      </p>
      <div
        role="tablist"
        aria-label="Hosts"
        className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800"
      >
        {run.hosts.map((h) => (
          <button
            key={h.id}
            role="tab"
            type="button"
            aria-selected={h.id === host?.id}
            onClick={() => setTab(h.id)}
            className={`flex min-w-44 flex-col gap-1 rounded-t-md px-3 py-2 text-left text-sm ${h.id === host?.id ? 'bg-slate-100 dark:bg-slate-800' : 'hover:bg-slate-50 dark:hover:bg-slate-900'}`}
          >
            <span className="flex items-center gap-2">
              <span className="font-medium">{h.name}</span>
              <Badge tone={statusTone(h.status)}>{h.status.replace('_', ' ')}</Badge>
            </span>
            <ProgressBar done={h.doneSteps} total={h.totalSteps} label={`${h.name}: steps done`} />
          </button>
        ))}
      </div>
      {host && (
        <HostPanel
          host={host}
          runId={run.id}
          detail={detail}
          canAct={canAct && live}
          onConfirm={(stepResultId) =>
            start(async () => {
              const r = await confirmStep({ runId: run.id, stepResultId });
              setError(r.ok ? null : r.error);
            })
          }
        />
      )}
    </div>
  );
}

function HostPanel({
  host,
  runId,
  detail,
  canAct,
  onConfirm,
}: {
  host: RunHostView;
  runId: number;
  detail: boolean;
  canAct: boolean;
  onConfirm: (stepResultId: string) => void;
}) {
  const text = host.steps
    .filter((s) => s.output.total > 0 || s.command)
    .map(
      (s) =>
        `\u001b[36m== ${s.stepName}${s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}\u001b[0m\n${windowText(s.output)}`,
    )
    .join('\n');
  return (
    <div className="grid gap-4 lg:grid-cols-[22rem_1fr]">
      <ol className="space-y-1 text-sm" aria-label={`Steps on ${host.name}`}>
        {host.steps.map((s) => (
          <li key={s.id} data-testid="run-step" className="rounded border border-slate-200 p-2 dark:border-slate-800">
            <div className="flex items-center gap-2">
              <Badge tone={statusTone(s.status)}>{s.status.replace('_', ' ')}</Badge>
              <span className="font-medium">{s.stepName}</span>
              {s.attempt > 1 && <span className="text-xs text-slate-500">attempt {s.attempt}</span>}
              {s.rollback && <span className="text-xs text-amber-700">rollback</span>}
            </div>
            <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
              {s.exitCode !== null && <span>exit {s.exitCode}</span>}
              {s.killOutcome && <span data-testid="kill-outcome">kill: {s.killOutcome}</span>}
              {s.pgid !== null && <span>pgid {s.pgid}</span>}
              {s.intentSeq !== null && (
                <Link className="underline" href={`/audit?seq=${s.intentSeq}`}>
                  audit #{s.intentSeq}
                  {s.resultSeq !== null ? `–#${s.resultSeq}` : ''}
                </Link>
              )}
            </div>
            {s.message && <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">{s.message}</p>}
            {s.status === 'waiting' && canAct && (
              <Button size="sm" className="mt-2" onClick={() => onConfirm(s.id)}>
                Continue
              </Button>
            )}
          </li>
        ))}
        {host.steps.length === 0 && <li className="text-slate-500">No step has started on {host.name} yet.</li>}
      </ol>
      {detail ? (
        <OutputView text={text} label={`${host.name} · run #${runId}`} />
      ) : (
        <p className="text-sm text-slate-500">Output and commands are shown to people who may see hosts (host:view).</p>
      )}
    </div>
  );
}
