import type { ExecStatus } from '@/lib/ssh/types';
import { compileOutputPattern } from './param-types';
import type { RenderedStep } from './render-command';

/**
 * The run's state machine: `nextStep(run, event) → { run, effects }`. Pure:
 * no clock, no database, no SSH. The runner feeds it what happened and
 * performs the effects it asks for; the reconciler uses it to interrupt a
 * run whose runner died. Every transition is unit-tested beside this file.
 */

export type StepPlan = Pick<
  RenderedStep,
  'id' | 'name' | 'kind' | 'command' | 'timeoutMs' | 'onFailure' | 'expect' | 'retry' | 'message' | 'skipped'
>;
export type HostPlan = { hostId: string; hostName: string; steps: StepPlan[] };

export const ACTIVE_HOST_STATUSES = ['running', 'confirming', 'retry-wait', 'rolling-back'] as const;
export type HostStatus =
  | 'pending'
  | (typeof ACTIVE_HOST_STATUSES)[number]
  | 'succeeded'
  | 'failed'
  | 'timed_out'
  | 'cancelled'
  | 'unreachable'
  | 'interrupted'
  | 'not-started';

export type HostProgress = {
  hostId: string;
  status: HostStatus;
  /** The current (or next) step. */
  stepIndex: number;
  attempt: number;
  /** Set while rolling back: the rollback step being run. */
  rollbackIndex: number | null;
  /** A step failed (with on_failure continue or rollback): the host ends failed. */
  failed: boolean;
  failedStep: string | null;
};

export const TERMINAL_RUN_STATUSES = ['succeeded', 'failed', 'cancelled', 'timed_out', 'interrupted'] as const;
export type RunStatus = 'requested' | 'running' | 'stopping' | (typeof TERMINAL_RUN_STATUSES)[number];
export type StopReason = 'cancelled' | 'timed_out' | 'max-failures' | 'canary-failed' | null;

export type RunState = {
  status: RunStatus;
  stopReason: StopReason;
  plans: HostPlan[];
  hosts: HostProgress[];
  concurrency: number;
  canary: boolean;
  maxFailures: number;
};

export type StepOutcome = { status: ExecStatus; exitCode: number | null; stdout: string };

export type RunEvent =
  | { type: 'start' }
  | { type: 'step-done'; hostId: string; outcome: StepOutcome }
  | { type: 'confirmed'; hostId: string }
  | { type: 'retry-due'; hostId: string }
  | { type: 'cancel' }
  | { type: 'timeout' }
  /** The lease lapsed: nobody is running this any more. */
  | { type: 'interrupt' };

export type Effect =
  | { type: 'exec'; hostId: string; stepIndex: number; attempt: number; rollback: boolean }
  | { type: 'await-confirm'; hostId: string; stepIndex: number }
  | { type: 'wait'; hostId: string; delayMs: number }
  | { type: 'record-skip'; hostId: string; stepIndex: number; reason: string }
  /** Stop the remote process of a host's running step (TERM → grace → KILL of its group). */
  | { type: 'abort'; hostId: string; reason: 'cancelled' | 'timed_out' | 'interrupted' }
  | { type: 'host-done'; hostId: string; status: HostStatus; failedStep: string | null }
  | { type: 'run-done'; status: RunStatus; stopReason: StopReason };

export type Transition = { run: RunState; effects: Effect[] };

export function initialRunState(
  plans: HostPlan[],
  targets: { concurrency: number; canary: boolean; max_failures: number },
): RunState {
  return {
    status: 'requested',
    stopReason: null,
    plans,
    hosts: plans.map((p) => ({
      hostId: p.hostId,
      status: 'pending',
      stepIndex: 0,
      attempt: 1,
      rollbackIndex: null,
      failed: false,
      failedStep: null,
    })),
    concurrency: targets.concurrency,
    canary: targets.canary,
    maxFailures: targets.max_failures,
  };
}

export function isActive(status: HostStatus): boolean {
  return (ACTIVE_HOST_STATUSES as readonly string[]).includes(status);
}

export function isTerminal(status: RunStatus): boolean {
  return (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);
}

const UNREACHABLE: ExecStatus[] = ['host_unreachable', 'auth_failed', 'disconnected'];
const REFUSED: ExecStatus[] = ['host_key_unknown', 'host_key_changed'];

/** Did this outcome meet the step's expectation? (Checks: exit and/or output; runs: exit 0.) */
/** The plan's step at `index`. Past the end is a bug in the machine, and named as one. */
function stepAt(steps: readonly StepPlan[], index: number): StepPlan {
  const step = steps[index];
  if (!step) throw new Error(`run state: no step ${index} in a plan of ${steps.length}`);
  return step;
}

const runnableRollback = (step: StepPlan | undefined) =>
  step?.kind === 'rollback' && !step.skipped && Boolean(step.command);

export function stepPassed(step: StepPlan, outcome: StepOutcome): boolean {
  if (outcome.exitCode === null) return false;
  if (step.kind !== 'check' || !step.expect) return outcome.exitCode === 0;
  const { exit, output } = step.expect;
  if (exit !== undefined && outcome.exitCode !== exit) return false;
  if (output !== undefined && !compileOutputPattern(output).test(outcome.stdout)) return false;
  return exit !== undefined || output !== undefined || outcome.exitCode === 0;
}

export function nextStep(run: RunState, event: RunEvent): Transition {
  const state: RunState = { ...run, hosts: run.hosts.map((h) => ({ ...h })) };
  const effects: Effect[] = [];
  const m = new Machine(state, effects);
  if (isTerminal(state.status)) return { run, effects: [] };
  switch (event.type) {
    case 'start':
      if (state.status !== 'requested') return { run, effects: [] };
      state.status = 'running';
      m.scheduleHosts();
      m.finishRunIfDone();
      break;
    case 'step-done':
      m.onStepDone(event.hostId, event.outcome);
      break;
    case 'confirmed': {
      const host = m.host(event.hostId);
      if (host.status !== 'confirming' || state.status !== 'running') return { run, effects: [] };
      host.stepIndex++;
      m.advance(host);
      break;
    }
    case 'retry-due': {
      const host = m.host(event.hostId);
      if (host.status !== 'retry-wait' || state.status !== 'running') return { run, effects: [] };
      host.attempt++;
      host.status = 'running';
      effects.push({
        type: 'exec',
        hostId: host.hostId,
        stepIndex: host.stepIndex,
        attempt: host.attempt,
        rollback: false,
      });
      break;
    }
    case 'cancel':
    case 'timeout':
      m.stop(event.type === 'cancel' ? 'cancelled' : 'timed_out');
      break;
    case 'interrupt':
      m.interrupt();
      break;
  }
  return { run: state, effects };
}

/**
 * The command the machine will ask for next on `hostId` if the step it is
 * running there passes — or null when that is not one plain command on the
 * same host (a confirmation, a wait, the host's end). Pure: the runner asks
 * it to commit the next step's intent while the current step still runs
 * (lib/playbooks/runner.ts, "intents ahead"), so the step boundary costs no
 * commit of its own. Only for steps whose pass is decided by the exit
 * status alone (a check that matches output could not be predicted without
 * it), and not for a check that retries.
 */
export function nextExecOnPass(run: RunState, hostId: string): Extract<Effect, { type: 'exec' }> | null {
  const host = run.hosts.find((h) => h.hostId === hostId);
  const plan = run.plans.find((p) => p.hostId === hostId);
  if (!host || !plan || host.status !== 'running' || run.status !== 'running') return null;
  const step = plan.steps[host.stepIndex];
  // A check that retries is a poll: its early attempts are expected to fail, and each guess would be
  // an intent and a withdrawal on record; its retry delay dwarfs the commit this saves anyway.
  const predictable =
    step?.kind === 'run' || (step?.kind === 'check' && step.expect?.output === undefined && !step.retry);
  if (!step || !predictable) return null;
  // The exit status that passes it: 0 for a run, the expected one for a check.
  const exitCode = step.kind === 'check' ? (step.expect?.exit ?? 0) : 0;
  const { effects } = nextStep(run, {
    type: 'step-done',
    hostId,
    outcome: { status: exitCode === 0 ? 'succeeded' : 'failed', exitCode, stdout: '' },
  });
  const execs = effects.filter((e): e is Extract<Effect, { type: 'exec' }> => e.type === 'exec' && e.hostId === hostId);
  const [next] = execs;
  return execs.length === 1 && next && !next.rollback ? next : null;
}

class Machine {
  constructor(
    private readonly state: RunState,
    private readonly effects: Effect[],
  ) {}

  host(hostId: string): HostProgress {
    const host = this.state.hosts.find((h) => h.hostId === hostId);
    if (!host) throw new Error(`no host ${hostId} in this run`);
    return host;
  }

  plan(host: HostProgress): HostPlan {
    return this.state.plans.find((p) => p.hostId === host.hostId)!;
  }

  /** Starts pending hosts within the limits: canary first and alone, then `concurrency` at a time. */
  scheduleHosts(): void {
    const { state } = this;
    if (state.status !== 'running') return;
    const failures = state.hosts.filter((h) => isFailure(h.status)).length;
    const [first] = state.hosts;
    if (state.canary && state.hosts.length > 1 && first) {
      if (first.status === 'pending') return this.startHost(first);
      if (isActive(first.status)) return;
      if (first.status !== 'succeeded') return this.stopStarting('canary-failed');
    }
    if (failures > state.maxFailures) return this.stopStarting('max-failures');
    let active = state.hosts.filter((h) => isActive(h.status)).length;
    for (const host of state.hosts) {
      if (active >= state.concurrency) break;
      if (host.status !== 'pending') continue;
      this.startHost(host);
      if (isActive(host.status)) active++;
    }
  }

  private stopStarting(reason: StopReason): void {
    this.state.stopReason ??= reason;
    for (const host of this.state.hosts) if (host.status === 'pending') this.finishHost(host, 'not-started', false);
  }

  private startHost(host: HostProgress): void {
    host.status = 'running';
    this.advance(host);
  }

  /** From the host's current step: skip what does not run, then exec or wait for a person. */
  advance(host: HostProgress): void {
    const { steps } = this.plan(host);
    while (host.stepIndex < steps.length) {
      const step = stepAt(steps, host.stepIndex);
      if (step.kind === 'rollback') {
        host.stepIndex++;
        continue;
      }
      if (step.skipped) {
        this.effects.push({
          type: 'record-skip',
          hostId: host.hostId,
          stepIndex: host.stepIndex,
          reason: step.skipped,
        });
        host.stepIndex++;
        continue;
      }
      host.attempt = 1;
      if (step.kind === 'confirm') {
        host.status = 'confirming';
        this.effects.push({ type: 'await-confirm', hostId: host.hostId, stepIndex: host.stepIndex });
        return;
      }
      host.status = 'running';
      this.effects.push({ type: 'exec', hostId: host.hostId, stepIndex: host.stepIndex, attempt: 1, rollback: false });
      return;
    }
    this.finishHost(host, host.failed ? 'failed' : 'succeeded');
  }

  private advanceRollback(host: HostProgress): void {
    const { steps } = this.plan(host);
    let index = host.rollbackIndex ?? 0;
    while (index < steps.length && !runnableRollback(steps[index])) index++;
    if (index >= steps.length) return this.finishHost(host, 'failed');
    host.rollbackIndex = index;
    host.status = 'rolling-back';
    this.effects.push({ type: 'exec', hostId: host.hostId, stepIndex: index, attempt: 1, rollback: true });
  }

  onStepDone(hostId: string, outcome: StepOutcome): void {
    const host = this.host(hostId);
    if (host.status !== 'running' && host.status !== 'rolling-back') return;
    const stopping = this.state.status === 'stopping';
    if (stopping && (outcome.status === 'cancelled' || outcome.status === 'timed_out')) {
      return this.finishHost(host, this.state.stopReason === 'timed_out' ? 'timed_out' : 'cancelled');
    }
    if (UNREACHABLE.includes(outcome.status)) return this.finishHost(host, 'unreachable');
    if (REFUSED.includes(outcome.status)) return this.finishHost(host, 'failed');

    const steps = this.plan(host).steps;
    if (host.status === 'rolling-back') {
      const step = stepAt(steps, host.rollbackIndex!);
      if (!stepPassed(step, outcome) || stopping) return this.finishHost(host, 'failed');
      host.rollbackIndex! += 1;
      return this.advanceRollback(host);
    }
    const step = stepAt(steps, host.stepIndex);
    if (stepPassed(step, outcome)) {
      host.stepIndex++;
      if (stopping) return this.finishHost(host, this.state.stopReason === 'timed_out' ? 'timed_out' : 'cancelled');
      return this.advance(host);
    }
    if (
      step.kind === 'check' &&
      step.retry &&
      host.attempt <= step.retry.times &&
      outcome.status !== 'timed_out' &&
      !stopping
    ) {
      host.status = 'retry-wait';
      this.effects.push({ type: 'wait', hostId: host.hostId, delayMs: step.retry.delayMs });
      return;
    }
    host.failed = true;
    host.failedStep ??= step.id;
    const failedAs: HostStatus = outcome.status === 'timed_out' ? 'timed_out' : 'failed';
    if (stopping) return this.finishHost(host, failedAs);
    switch (step.onFailure ?? 'stop') {
      case 'continue':
        host.stepIndex++;
        return this.advance(host);
      case 'rollback':
        host.rollbackIndex = 0;
        return this.advanceRollback(host);
      case 'stop':
        return this.finishHost(host, failedAs);
    }
  }

  stop(reason: 'cancelled' | 'timed_out'): void {
    const { state } = this;
    if (state.status === 'requested') {
      state.status = 'stopping';
      state.stopReason = reason;
      for (const host of state.hosts)
        this.finishHost(host, reason === 'cancelled' ? 'cancelled' : 'not-started', false);
      return this.finishRunIfDone();
    }
    if (state.status === 'stopping' && state.stopReason === reason) return;
    state.status = 'stopping';
    state.stopReason = reason;
    const hostStatus: HostStatus = reason === 'cancelled' ? 'cancelled' : 'timed_out';
    for (const host of state.hosts) {
      if (host.status === 'pending') this.finishHost(host, 'not-started', false);
      else if (host.status === 'confirming' || host.status === 'retry-wait') this.finishHost(host, hostStatus, false);
      else if (host.status === 'running' || host.status === 'rolling-back') {
        this.effects.push({ type: 'abort', hostId: host.hostId, reason });
      }
    }
    this.finishRunIfDone();
  }

  interrupt(): void {
    const { state } = this;
    state.status = 'stopping';
    for (const host of state.hosts) {
      if (host.status === 'running' || host.status === 'rolling-back') {
        this.effects.push({ type: 'abort', hostId: host.hostId, reason: 'interrupted' });
      }
      if (isActive(host.status)) this.finishHost(host, 'interrupted', false);
      else if (host.status === 'pending') this.finishHost(host, 'not-started', false);
    }
    state.status = 'interrupted';
    this.effects.push({ type: 'run-done', status: 'interrupted', stopReason: state.stopReason });
  }

  private finishHost(host: HostProgress, status: HostStatus, schedule = true): void {
    host.status = status;
    host.rollbackIndex = null;
    this.effects.push({ type: 'host-done', hostId: host.hostId, status, failedStep: host.failedStep });
    if (!schedule) return;
    this.scheduleHosts();
    this.finishRunIfDone();
  }

  finishRunIfDone(): void {
    const { state } = this;
    if (isTerminal(state.status)) return;
    if (state.hosts.some((h) => isActive(h.status) || h.status === 'pending')) return;
    state.status =
      state.stopReason === 'cancelled'
        ? 'cancelled'
        : state.stopReason === 'timed_out'
          ? 'timed_out'
          : state.hosts.every((h) => h.status === 'succeeded')
            ? 'succeeded'
            : 'failed';
    this.effects.push({ type: 'run-done', status: state.status, stopReason: state.stopReason });
  }
}

function isFailure(status: HostStatus): boolean {
  return status === 'failed' || status === 'timed_out' || status === 'unreachable';
}
