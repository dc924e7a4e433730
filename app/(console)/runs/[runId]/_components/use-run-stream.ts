'use client';

import { useEffect, useRef, useState } from 'react';
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
  const [state, setState] = useState<StreamState>(ENDED.includes(initial.status) ? 'ended' : 'connecting');
  const refetching = useRef(false);

  useEffect(() => {
    if (ENDED.includes(initial.status)) return;
    const es = new EventSource(`/api/runs/${initial.id}/events`);
    const refetch = async () => {
      if (refetching.current) return;
      refetching.current = true;
      try {
        const res = await fetch(`/api/runs/${initial.id}`, { cache: 'no-store' });
        if (!res.ok) return;
        const fresh = (await res.json()) as RunView;
        setRun((old) => mergeOutputs(fresh, old));
        if (ENDED.includes(fresh.status)) {
          setState('ended');
          es.close();
        }
      } finally {
        refetching.current = false;
      }
    };
    es.addEventListener('output', (ev) => {
      const chunk = JSON.parse((ev as MessageEvent).data) as RunOutputEvent;
      setRun((old) => applyChunk(old, chunk));
    });
    es.addEventListener('status', () => void refetch());
    es.addEventListener('resync', () => void refetch());
    es.onopen = () => {
      setState('live');
      // Whatever happened between the page render and this connection.
      void refetch();
    };
    es.onerror = () => setState('reconnecting');
    return () => es.close();
  }, [initial.id, initial.status]);

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
