'use client';

import { useEffect, useRef, useState } from 'react';
import { useChannel } from '@/components/realtime/use-channel';
import { channelNames } from '@/lib/realtime/channel-names';
import { appendOutput } from '@/lib/playbooks/output-window';
import type { RunView } from '@/lib/playbooks/run-queries';
import type { RunOutputEvent } from '@/lib/playbooks/run-events';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'ended';

const ENDED = ['succeeded', 'failed', 'cancelled', 'timed_out', 'interrupted'];

/**
 * The run as stored, kept current: output chunks are appended to each
 * step's window with the same cap the server stores (so a reload shows the
 * same thing), and any status change refetches the stored run. Chunks the
 * snapshot already holds are skipped by offset.
 */
export function useRunStream(initial: RunView): { run: RunView; state: StreamState } {
  const [run, setRun] = useState(initial);
  const [ended, setEnded] = useState(ENDED.includes(initial.status));
  const refetching = useRef(false);
  const again = useRef(false);
  // A status event that lands while a fetch is in flight must not be lost: that fetch may have
  // read the run before the change the event announces (a quick run's last step, its host's end
  // and the run's end come within milliseconds). One more fetch follows, however many came.
  const refetch = async () => {
    if (refetching.current) {
      again.current = true;
      return;
    }
    refetching.current = true;
    try {
      do {
        again.current = false;
        const res = await fetch(`/api/runs/${initial.id}`, { cache: 'no-store' });
        if (!res.ok) continue;
        const fresh = (await res.json()) as RunView;
        setRun((old) => mergeOutputs(fresh, old));
        if (ENDED.includes(fresh.status)) setEnded(true);
      } while (again.current);
    } finally {
      refetching.current = false;
    }
  };
  // On the tab's one stream; a finished run needs no channel at all.
  const status = useChannel(ended ? null : channelNames.run(String(initial.id)), (e) => {
    if (e.type === 'output') setRun((old) => applyChunk(old, e.data as RunOutputEvent));
    else void refetch();
  });
  // Whatever happened between the page render and the subscription.
  useEffect(() => {
    if (!ENDED.includes(initial.status)) void refetch();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial.id]);
  const state: StreamState = ended ? 'ended' : status.stream.state === 'live' ? 'live' : 'reconnecting';
  return { run, state };
}

function applyChunk(run: RunView, chunk: RunOutputEvent): RunView {
  let found = false;
  const hosts = run.hosts.map((h) =>
    h.id !== chunk.hostId
      ? h
      : {
          ...h,
          steps: h.steps.map((s) => {
            if (s.id !== chunk.stepResultId) return s;
            found = true;
            return { ...s, output: appendOutput(s.output, chunk.text, chunk.offset) };
          }),
        },
  );
  // A chunk for a step this page has not seen yet: the status event that follows brings the step.
  return found ? { ...run, hosts } : run;
}

/** A fresh snapshot, keeping whichever output window has more (live chunks may be ahead of the last flush). */
function mergeOutputs(fresh: RunView, old: RunView): RunView {
  const known = new Map(old.hosts.flatMap((h) => h.steps.map((s) => [s.id, s.output] as const)));
  return {
    ...fresh,
    hosts: fresh.hosts.map((h) => ({
      ...h,
      steps: h.steps.map((s) => {
        const seen = known.get(s.id);
        return seen && seen.total > s.output.total ? { ...s, output: seen } : s;
      }),
    })),
  };
}
