import { isLeaseLapsed, type LeaseRow } from './lease';

/**
 * What the reconciler must do, from the rows and the clock. Pure. Runs whose
 * lease lapsed are interrupted; each of their steps still marked running is
 * interrupted too, and where its process group is known the reconciler
 * connects to the pinned host and kills it if it still lives. It never
 * re-runs a step.
 */

export type StepRow = {
  id: string;
  runId: number;
  hostId: string;
  hostName: string;
  status: string;
  pgid: number | null;
};

export type ReconcilePlan = {
  runId: number;
  /** Steps to mark interrupted. */
  steps: string[];
  /** Remote process groups to kill (if alive), one per running step with a known PGID. */
  kills: { stepResultId: string; hostId: string; hostName: string; pgid: number }[];
  /** Running steps whose PGID was never reported: nothing can be verified on the host. */
  unknown: { stepResultId: string; hostName: string }[];
};

export const OPEN_STEP_STATUSES = ['running', 'waiting'] as const;

export function planReconcile(runs: LeaseRow[], steps: StepRow[], now: Date): ReconcilePlan[] {
  return runs
    .filter((run) => isLeaseLapsed(run, now))
    .map((run) => {
      const open = steps.filter(
        (s) => s.runId === run.id && (OPEN_STEP_STATUSES as readonly string[]).includes(s.status),
      );
      const running = open.filter((s) => s.status === 'running');
      return {
        runId: run.id,
        steps: open.map((s) => s.id),
        kills: running.flatMap((s) =>
          s.pgid !== null && s.pgid > 1
            ? [{ stepResultId: s.id, hostId: s.hostId, hostName: s.hostName, pgid: s.pgid }]
            : [],
        ),
        unknown: running.filter((s) => s.pgid === null).map((s) => ({ stepResultId: s.id, hostName: s.hostName })),
      };
    });
}
