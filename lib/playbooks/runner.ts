import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { db } from '@/lib/db';
import { logger } from '@/lib/logger';
import { newRowId } from '@/lib/mutations/insert-many';
import { metrics } from '@/lib/metrics';
import { loadHostTarget, loadHostTargets } from '@/lib/hosts/connect';
import { exec } from '@/lib/ssh/exec';
import type { ConnectionPool } from '@/lib/ssh/connection-pool';
import type { ExecOutput, HostTarget } from '@/lib/ssh/types';
import { parsePlaybook } from './parse-playbook';
import { HEARTBEAT_MS, leaseOwnerName } from './lease';
import { appendOutput, emptyWindow, type OutputWindow } from './output-window';
import { secretVariable } from './params';
import { publishRunEvent } from './run-events';
import { recordRunEvidence } from './run-evidence';
import {
  claimRun,
  flushOutput,
  recordHostDone,
  recordPgid,
  recordRunDone,
  recordStepIntent,
  recordStepIntentAhead,
  recordStepResult,
  recordStepStarted,
  recordStepWithdrawn,
  renewLease,
  type RunActor,
} from './run-records';
import {
  initialRunState,
  nextExecOnPass,
  nextStep,
  type Effect,
  type HostPlan,
  type RunEvent,
  type RunState,
  type RunStatus,
} from './run-state';

/**
 * The runner: the thin I/O loop around `nextStep`. It claims a run, feeds
 * the state machine what happens (a step ended, a person confirmed, a
 * cancel, the clock), and performs the effects it asks for. One event at a
 * time; SSH commands run concurrently, each reporting back as an event.
 */

const OWNER = leaseOwnerName(os.hostname(), process.pid, randomUUID().slice(0, 8));
const FLUSH_MS = 250;
/** Largest piece of output in one live event; a burst beyond it is cut, exactly as storage cuts it. */
const LIVE_CHUNK_CHARS = 8 * 1024;
/** What exec keeps per stream for checks to match against; the shown output is the run's own window. */
const EXEC_CAPTURE_BYTES = 256 * 1024;
/** On SIGTERM, how long running runs get to finish before they are interrupted. */
export const SHUTDOWN_GRACE_MS = 20_000;

export type RunnerOptions = {
  actor: RunActor;
  /** Secret parameter values, by parameter name; held in memory only, for this run. */
  secrets?: Record<string, string>;
  pool?: ConnectionPool;
  killGraceMs?: number;
};

type ActiveRun = { done: Promise<RunStatus>; wake: () => void; interrupt: (why: string) => Promise<void> };
const g = globalThis as unknown as {
  __warroomRunners?: Map<number, ActiveRun>;
  __warroomShutdownHooks?: Set<() => void | Promise<void>>;
  __warroomRunnerHook?: boolean;
};
const active = (g.__warroomRunners ??= new Map());

export function runnerOwner(): string {
  return OWNER;
}

/** Makes a runner in this process look at the database now (a cancel or a confirmation just landed). */
export function wakeRun(runId: number): void {
  active.get(runId)?.wake();
}

export function activeRunIds(): number[] {
  return [...active.keys()];
}

/** Resolves when the run ends. Throws (AppError) only if the run cannot be claimed. */
export async function executeRun(runId: number, options: RunnerOptions): Promise<RunStatus> {
  const { data } = await claimRun(options.actor, runId, OWNER);
  const source = await db.playbookRun.findUniqueOrThrow({
    where: { id: runId },
    select: { playbookSource: true, timeoutMs: true },
  });
  const parsed = parsePlaybook(source.playbookSource);
  if (!parsed.ok) throw new Error(`run #${runId}: its playbook no longer parses`);
  const loop = new RunLoop(runId, data.run, data.dry.hosts, parsed.definition.targets, source.timeoutMs, options);
  active.set(runId, loop.handle);
  registerShutdownHook();
  metrics().runsActive.inc();
  try {
    return await loop.start();
  } finally {
    active.delete(runId);
    metrics().runsActive.dec();
  }
}

type DryStep = HostPlan['steps'][number] & { secrets?: string[] };
type DryHost = { id: string; name: string; fingerprint: string | null; steps: DryStep[] };
/** An intent committed ahead: the step that runs next on a host if the running one passes. */
type Ahead = {
  stepIndex: number;
  attempt: number;
  /** The running step it follows. */
  after: string;
  intent: Promise<{ seq: number }>;
  /** Known once the intent is committed. */
  seq?: number;
};

class RunLoop {
  private state: RunState;
  private chain: Promise<void> = Promise.resolve();
  private readonly controllers = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();
  /** Records queued by transitions and not yet committed. */
  private readonly recording = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiting = new Map<string, string>();
  private readonly targets = new Map<string, Promise<HostTarget>>();
  /** By host: the next step's intent, committed while the current step runs (see prepareAhead). */
  private readonly ahead = new Map<string, Ahead>();
  private readonly withdrawing = new Set<Promise<void>>();
  /** By host: the result of the step that just ended, until the machine has said what comes next. */
  private readonly pendingResults = new Map<string, () => Promise<void>>();
  /** By host: a result that goes into the next step's start commit (runStep). */
  private readonly carried = new Map<string, () => Promise<void>>();
  /** Steps waiting for their result's commit; released if the run fails before it. */
  private readonly unsettled = new Set<() => void>();
  private finished!: (status: RunStatus) => void;
  private readonly done = new Promise<RunStatus>((resolve) => (this.finished = resolve));
  private cancelSeen = false;
  /** Why this process interrupted the run itself (the server stopping), for its record and timeline. */
  private interruptedBecause: string | null = null;
  private leaseLost = false;
  private ended = false;
  readonly handle: ActiveRun;
  private readonly ref: { id: number; incidentId: string | null; playbookName: string };

  constructor(
    private readonly runId: number,
    run: { incidentId: string | null; playbookName: string },
    private readonly hosts: DryHost[],
    targets: { concurrency: number; canary: boolean; max_failures: number },
    private readonly timeoutMs: number,
    private readonly options: RunnerOptions,
  ) {
    this.ref = { id: runId, incidentId: run.incidentId, playbookName: run.playbookName };
    this.state = initialRunState(
      hosts.map((h) => ({ hostId: h.id, hostName: h.name, steps: h.steps })),
      targets,
    );
    this.handle = { done: this.done, wake: () => void this.poll(), interrupt: (why) => this.interrupt(why) };
  }

  async start(): Promise<RunStatus> {
    const heartbeat = setInterval(() => void this.poll(), HEARTBEAT_MS);
    const deadline = setTimeout(() => this.dispatch({ type: 'timeout' }), this.timeoutMs);
    heartbeat.unref();
    deadline.unref();
    this.timers.add(heartbeat);
    this.timers.add(deadline);
    publishRunEvent(this.runId, 'status', { what: 'started' });
    // Every host of the run in one query, loaded while the first intents commit.
    for (const [id, target] of loadHostTargets(this.hosts.map((h) => h.id))) this.targets.set(id, target);
    this.dispatch({ type: 'start' });
    return this.done;
  }

  private dispatch(event: RunEvent): void {
    this.chain = this.chain
      .then(() => {
        const t = nextStep(this.state, event);
        this.state = t.run;
        if (event.type === 'step-done') this.recordResultOf(event.hostId, t.effects);
        this.settleAhead(event, t.effects);
        // Records are queued in order and group-committed (lib/mutations), but the next event is
        // not held up until they are on disk: twenty hosts ending at once would otherwise commit
        // their results one after another. What must be on disk first waits for it itself (a
        // command for its intent, the run's end for everything recorded before it).
        for (const effect of t.effects) this.track(this.perform(effect));
      })
      .catch((err: unknown) => this.fail(err));
  }

  private track(recording: Promise<void>): void {
    this.recording.add(recording);
    recording.then(
      () => this.recording.delete(recording),
      (err: unknown) => {
        this.recording.delete(recording);
        this.fail(err);
      },
    );
  }

  /**
   * Intents ahead. While step k runs on a host, the intent of the step that
   * follows if k passes is committed (nextExecOnPass): when k ends, that
   * command leaves at once — its intent is already on disk, as the intent
   * rule requires — and the row of the step that started, k's result and the
   * intent after it share one commit, made while the new step runs. A step
   * boundary then costs no commit of its own on the way to the host.
   */
  private prepareAhead(host: DryHost, current: DryStep): void {
    if (this.leaseLost || this.ended || this.ahead.has(host.id)) return;
    const next = nextExecOnPass(this.state, host.id);
    const step = next ? host.steps[next.stepIndex] : undefined;
    if (!next || !step?.command) return;
    const ahead: Ahead = {
      stepIndex: next.stepIndex,
      attempt: next.attempt,
      after: current.id,
      intent: recordStepIntentAhead(this.options.actor, this.ref, this.stepStart(host, step, next), current.id),
    };
    ahead.intent.then(
      (i) => (ahead.seq = i.seq),
      () => {}, // the step that needs it reports the failure (runStep)
    );
    this.ahead.set(host.id, ahead);
  }

  /**
   * After each transition: an intent ahead whose step will not run now — the
   * step it followed did not pass, the host or the run ended — is withdrawn,
   * on record, queued before the records of the transition's own effects.
   */
  private settleAhead(event: RunEvent, effects: Effect[]): void {
    for (const [hostId, ahead] of this.ahead) {
      if (aheadFollows(ahead, hostId, effects)) continue;
      const hostDone = effects.find((e) => e.type === 'host-done' && e.hostId === hostId);
      const runDone = effects.find((e) => e.type === 'run-done');
      const stepEnded = event.type === 'step-done' && event.hostId === hostId;
      if (!stepEnded && !hostDone && !runDone) continue;
      this.ahead.delete(hostId);
      const reason = stepEnded
        ? `step ${ahead.after} ${event.outcome.status === 'succeeded' ? 'did not pass' : event.outcome.status.replace('_', ' ')}`
        : hostDone?.type === 'host-done'
          ? `the host ended ${hostDone.status}`
          : `the run ended ${runDone?.type === 'run-done' ? runDone.status : ''}`;
      if (this.leaseLost) continue;
      const host = this.host(hostId);
      const step = this.step(host, ahead.stepIndex);
      const withdraw = (seq: number) =>
        recordStepWithdrawn(
          this.options.actor,
          this.ref,
          { stepId: step.id, hostName: host.name, attempt: ahead.attempt, intentSeq: seq },
          reason,
        );
      // Usually committed long before its step would start: queued now, in order. Otherwise once it
      // is, and the run's end waits for that (run-done), so the withdrawal is never recorded after it.
      if (ahead.seq !== undefined) this.track(withdraw(ahead.seq));
      else {
        const later = ahead.intent.then(
          (i) => withdraw(i.seq),
          () => {},
        );
        this.withdrawing.add(later);
        this.track(later);
      }
    }
  }

  private stepStart(host: DryHost, step: DryStep, at: { stepIndex: number; attempt: number; rollback: boolean }) {
    return {
      hostId: host.id,
      hostName: host.name,
      fingerprint: host.fingerprint,
      stepIndex: at.stepIndex,
      stepId: step.id,
      stepName: step.name,
      kind: step.kind,
      attempt: at.attempt,
      rollback: at.rollback,
      command: step.command,
      status: 'running' as const,
    };
  }

  /** The intent committed ahead for exactly this step, if there is one. */
  private takeAhead(hostId: string, stepIndex: number, attempt: number, rollback: boolean): Ahead | undefined {
    const ahead = this.ahead.get(hostId);
    if (!ahead || rollback || ahead.stepIndex !== stepIndex || ahead.attempt !== attempt) return undefined;
    this.ahead.delete(hostId);
    return ahead;
  }

  /**
   * A database write failed mid-run: the run cannot be recorded any more, so it stops here;
   * the reconciler finds its lease lapsed and interrupts it properly.
   */
  private fail(err: unknown): void {
    logger().error({ err: { message: (err as Error)?.message }, runId: this.runId }, 'runner failed');
    this.stopTimers();
    for (const c of this.controllers.values()) c.abort(new Error('interrupted'));
    for (const settle of this.unsettled) settle();
    this.unsettled.clear();
    this.finish('interrupted');
  }

  private host(hostId: string): DryHost {
    return this.hosts.find((h) => h.id === hostId)!;
  }

  /** The host's step at `index`; an index past its plan is a runner bug, named. */
  private step(host: DryHost, index: number): DryStep {
    const step = host.steps[index];
    if (!step) throw new Error(`runner: ${host.name} has no step ${index} (plan of ${host.steps.length})`);
    return step;
  }

  private async perform(effect: Effect): Promise<void> {
    const { actor } = this.options;
    switch (effect.type) {
      case 'exec': {
        const step = this.runStep(effect.hostId, effect.stepIndex, effect.attempt, effect.rollback);
        this.running.add(step);
        void step.finally(() => this.running.delete(step));
        return;
      }
      case 'wait': {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.dispatch({ type: 'retry-due', hostId: effect.hostId });
        }, effect.delayMs);
        this.timers.add(timer);
        return;
      }
      case 'record-skip':
      case 'await-confirm': {
        const host = this.host(effect.hostId);
        const step = this.step(host, effect.stepIndex);
        const { id } = await recordStepIntent(actor, this.ref, {
          hostId: host.id,
          hostName: host.name,
          fingerprint: host.fingerprint,
          stepIndex: effect.stepIndex,
          stepId: step.id,
          stepName: step.name,
          kind: step.kind,
          attempt: 1,
          rollback: false,
          command: null,
          status: effect.type === 'record-skip' ? 'skipped' : 'waiting',
          message: effect.type === 'record-skip' ? effect.reason : step.message,
        });
        if (effect.type === 'await-confirm') this.waiting.set(host.id, id);
        publishRunEvent(this.runId, 'status', { what: effect.type, hostId: host.id });
        return;
      }
      case 'abort':
        this.controllers.get(effect.hostId)?.abort(new Error(effect.reason));
        return;
      case 'host-done': {
        this.waiting.delete(effect.hostId);
        if (this.leaseLost) return;
        const host = this.host(effect.hostId);
        const mayWait = host.steps.some((s) => s.kind === 'confirm');
        await recordHostDone(actor, this.ref, host, effect.status, effect.failedStep, mayWait);
        publishRunEvent(this.runId, 'status', { what: 'host-done', hostId: effect.hostId });
        return;
      }
      case 'run-done': {
        this.stopTimers();
        if (this.withdrawing.size > 0) await Promise.allSettled([...this.withdrawing]);
        // Queued after them, so committed with or after them; awaited, so the end is announced last.
        const earlier = Promise.allSettled([...this.recording]);
        if (!this.leaseLost) {
          const message =
            effect.stopReason === 'max-failures'
              ? 'stopped starting hosts: more failures than max_failures'
              : effect.stopReason === 'canary-failed'
                ? 'the canary host failed; no other host was started'
                : effect.status === 'interrupted'
                  ? this.interruptedBecause
                  : null;
          const done = recordRunDone(actor, this.ref, effect.status, message);
          await earlier;
          await done;
          await recordRunEvidence(actor, this.runId, effect.status);
        } else {
          await earlier;
        }
        metrics().runs.inc({ result: effect.status });
        publishRunEvent(this.runId, 'status', { what: 'run-done' });
        this.finish(effect.status);
        return;
      }
    }
  }

  private finish(status: RunStatus): void {
    if (this.ended) return;
    this.ended = true;
    this.finished(status);
  }

  private stopTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private target(hostId: string): Promise<HostTarget> {
    let target = this.targets.get(hostId);
    if (!target) {
      target = loadHostTarget(hostId);
      this.targets.set(hostId, target);
    }
    return target;
  }

  private async runStep(hostId: string, stepIndex: number, attempt: number, rollback: boolean): Promise<void> {
    const host = this.host(hostId);
    const step = this.step(host, stepIndex);
    const { actor } = this.options;
    let outcome: Pick<ExecOutput, 'status' | 'exitCode' | 'stdout'> = {
      status: 'disconnected',
      exitCode: null,
      stdout: '',
    };
    // The previous step's result, when this step runs from an intent committed ahead: it goes
    // into the commit this step's start makes, once this command is on its way.
    let carried = this.carried.get(hostId);
    this.carried.delete(hostId);
    const queueCarried = () => {
      if (carried) this.track(carried());
      carried = undefined;
    };
    let result: Awaited<ReturnType<RunLoop['execStep']>> | null = null;
    let intent: { id: string; seq: number } | null = null;
    try {
      const start = this.stepStart(host, step, { stepIndex, attempt, rollback });
      const ahead = this.takeAhead(hostId, stepIndex, attempt, rollback);
      let rowWritten: Promise<void> = Promise.resolve();
      // What this step's start brings to record (the previous result, this step's row): once sshd
      // took the command, or at the end if it never did (a refused pin, a host down).
      let recordStart: () => void = () => {};
      if (ahead) {
        // Committed while the previous step ran (or awaited here if that step was quicker).
        const committed = { id: newRowId(), seq: (await ahead.intent).seq };
        intent = committed;
        let rowDone!: () => void;
        rowWritten = new Promise<void>((resolve) => (rowDone = resolve));
        recordStart = once(() => {
          queueCarried();
          const started = recordStepStarted(this.ref, committed.id, start, committed.seq);
          this.track(started);
          void started.then(
            () => publishRunEvent(this.runId, 'status', { what: 'step-started', hostId }),
            () => {},
          );
          void started.finally(rowDone).catch(() => {});
        });
      } else {
        queueCarried();
        intent = await recordStepIntent(actor, this.ref, start);
        publishRunEvent(this.runId, 'status', { what: 'step-started', hostId });
      }
      const boundary = recordStart;
      result = await this.execStep(host, step, intent.id, rowWritten, {
        // Queued once sshd took the command, so the commit (its fsync blocks the event loop)
        // overlaps the command's run instead of delaying its exec request. Only a command that
        // started gets an intent ahead for what follows it.
        sent: () => {
          boundary();
          this.prepareAhead(host, step);
        },
        ended: boundary,
      });
      outcome = result;
      metrics().stepDuration.observe({ kind: step.kind }, result.durationMs / 1000);
      if (!['succeeded', 'failed'].includes(result.status)) metrics().sshErrors.inc({ kind: result.status });
    } catch (err) {
      logger().error({ err: { message: (err as Error)?.message }, runId: this.runId, hostId }, 'step failed to run');
    } finally {
      queueCarried();
    }
    let recorded: Promise<void> = Promise.resolve();
    if (result && intent) {
      const [ran, id] = [result, intent];
      let settle!: () => void;
      recorded = new Promise<void>((resolve) => (settle = resolve));
      this.unsettled.add(settle);
      // Queued when the machine has decided what comes next (dispatch → recordResultOf): at once,
      // or, when the next step runs from an intent ahead, with that step's start.
      this.pendingResults.set(hostId, () =>
        recordStepResult(
          actor,
          this.ref,
          { id: id.id, intentSeq: id.seq, stepId: step.id, hostName: host.name },
          {
            status: ran.status,
            exitCode: ran.exitCode,
            signal: ran.signal,
            pgid: ran.pid ?? null,
            killOutcome: ran.kill ?? null,
            message: ran.message ?? null,
            durationMs: ran.durationMs,
            output: ran.window,
          },
        )
          .then(() => publishRunEvent(this.runId, 'status', { what: 'step-done', hostId }))
          .finally(() => {
            this.unsettled.delete(settle);
            settle();
          }),
      );
    }
    this.dispatch({ type: 'step-done', hostId, outcome });
    // A step is over once its result is on record (interrupt waits for the kills recorded in it).
    await recorded;
  }

  /** After a step ended: its result is queued now, or carried into the next step's start commit. */
  private recordResultOf(hostId: string, effects: Effect[]): void {
    const record = this.pendingResults.get(hostId);
    if (!record) return;
    this.pendingResults.delete(hostId);
    const ahead = this.ahead.get(hostId);
    if (ahead && aheadFollows(ahead, hostId, effects)) this.carried.set(hostId, record);
    else this.track(record());
  }

  private async execStep(
    host: DryHost,
    step: DryStep,
    stepResultId: string,
    /** The step's row is written: output and PGID updates go after it. */
    rowWritten: Promise<void>,
    /** `sent`: sshd took the command. `ended`: the step is over, whether or not it was sent. */
    start: { sent: () => void; ended: () => void },
  ): Promise<ExecOutput & { window: OutputWindow }> {
    const controller = new AbortController();
    this.controllers.set(host.id, controller);
    // A cancel or timeout that came while this step's intent was committing found no command to
    // stop yet; this one must not start.
    if (this.state.status !== 'running') controller.abort(new Error('stopping'));
    let window = emptyWindow();
    let live = { offset: 0, text: '' };
    let flushing: Promise<void> = rowWritten;
    let pgid: number | null = null;
    let pgidWritten = false;
    const flush = (store = true) => {
      // The PGID goes to disk with the first flush: a step that ends sooner needs no extra commit,
      // one that runs longer is on record for the reconciler within FLUSH_MS.
      if (store && pgid !== null && !pgidWritten) {
        pgidWritten = true;
        const id = pgid;
        flushing = flushing.then(() => recordPgid(stepResultId, id)).catch(() => {});
      }
      if (live.text.length === 0) return;
      const text = live.text.length > LIVE_CHUNK_CHARS ? live.text.slice(-LIVE_CHUNK_CHARS) : live.text;
      const offset = live.offset + live.text.length - text.length;
      live = { offset: window.total, text: '' };
      const snapshot = window;
      publishRunEvent(this.runId, 'output', { stepResultId, hostId: host.id, offset, text });
      if (store) flushing = flushing.then(() => flushOutput(stepResultId, snapshot)).catch(() => {});
    };
    const flusher = setInterval(() => flush(), FLUSH_MS);
    try {
      const target = await this.target(host.id);
      // The dry run (and an approval) named this pin; a host re-pinned since is refused, not followed.
      if ((target.hostKeyPin ?? null) !== host.fingerprint) {
        return {
          status: 'host_key_changed',
          exitCode: null,
          signal: null,
          durationMs: 0,
          truncated: false,
          stdout: '',
          stderr: '',
          message: `${host.name}'s pinned key is now ${target.hostKeyPin ?? 'none'}, not the ${host.fingerprint} the dry run showed; nothing ran`,
          window,
        };
      }
      const secretEnv = Object.fromEntries(
        (step.secrets ?? []).map((name) => [secretVariable(name), this.options.secrets?.[name] ?? '']),
      );
      const result = await exec(
        target,
        step.command!,
        {
          timeoutMs: step.timeoutMs ?? 60_000,
          signal: controller.signal,
          secretEnv,
          // Only the run's own secrets are masked here: the masker holds back (longest secret − 1)
          // characters until it can rule a match out, and a 400-character private key (which the
          // host never has: it holds the public half) would delay every short line until the end.
          maxBytesPerStream: EXEC_CAPTURE_BYTES,
          killGraceMs: this.options.killGraceMs,
          onChunk: (_stream, text) => {
            if (live.text.length === 0) live.offset = window.total;
            window = appendOutput(window, text);
            live.text += text;
            if (live.text.length > LIVE_CHUNK_CHARS * 4)
              live = { offset: window.total - LIVE_CHUNK_CHARS, text: live.text.slice(-LIVE_CHUNK_CHARS) };
          },
          onPid: (pid) => {
            pgid = pid;
          },
          onSent: start.sent,
          // A later step in the plan: have the spare session it may take started while this one runs.
          followedSoon: host.steps.some((s, i) => i > host.steps.indexOf(step) && s.command),
        },
        this.options.pool,
      );
      return { ...result, window };
    } finally {
      start.ended();
      clearInterval(flusher);
      // The last live chunk; the stored window is written with the step's result.
      flush(false);
      await flushing;
      this.controllers.delete(host.id);
    }
  }

  /** Heartbeat: renew the lease, and pick up a cancel or a confirmation made elsewhere. */
  private async poll(): Promise<void> {
    if (this.ended) return;
    try {
      const lease = await renewLease(this.runId, OWNER);
      if (!lease.held && !this.leaseLost) {
        // The reconciler took the run (this process stalled past the lease): stop touching it.
        this.leaseLost = true;
        this.dispatch({ type: 'interrupt' });
        return;
      }
      if (lease.cancelRequested && !this.cancelSeen) {
        this.cancelSeen = true;
        this.dispatch({ type: 'cancel' });
      }
      for (const [hostId, stepResultId] of this.waiting) {
        const row = await db.stepResult.findUnique({ where: { id: stepResultId }, select: { status: true } });
        if (row?.status === 'confirmed') {
          this.waiting.delete(hostId);
          this.dispatch({ type: 'confirmed', hostId });
        }
      }
    } catch (err) {
      logger().warn({ err: { message: (err as Error)?.message }, runId: this.runId }, 'lease renewal failed');
    }
  }

  /** SIGTERM after the grace period: stop the remote commands and record the run as interrupted. */
  private async interrupt(why: string): Promise<void> {
    this.interruptedBecause = why;
    this.dispatch({ type: 'interrupt' });
    await this.done;
    // The aborts kill each running step's process group; wait until those kills are recorded.
    await Promise.all([...this.running]);
  }
}

function registerShutdownHook(): void {
  if (g.__warroomRunnerHook) return;
  g.__warroomRunnerHook = true;
  (g.__warroomShutdownHooks ??= new Set()).add(async () => {
    const runs = [...active.entries()];
    if (runs.length === 0) return;
    const ids = runs.map(([id]) => `#${id}`).join(', ');
    logger().warn({ runs: ids }, `warroom: stopping; waiting up to ${SHUTDOWN_GRACE_MS / 1000} s for run(s) ${ids}`);
    const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.all(runs.map(([, r]) => r.done)), grace]);
    const left = [...active.entries()];
    if (left.length === 0) return;
    logger().warn(
      { runs: left.map(([id]) => id) },
      `warroom: interrupting run(s) ${left.map(([id]) => `#${id}`).join(', ')}: still running after the grace period`,
    );
    const why = `the server was stopped and the run had not finished within ${SHUTDOWN_GRACE_MS / 1000} s; its remote commands were stopped`;
    await Promise.all(left.map(([, r]) => r.interrupt(why)));
  });
}

/** The transition starts exactly the step whose intent was committed ahead on this host. */
function aheadFollows(ahead: Ahead, hostId: string, effects: Effect[]): boolean {
  return effects.some(
    (e) =>
      e.type === 'exec' &&
      e.hostId === hostId &&
      e.stepIndex === ahead.stepIndex &&
      e.attempt === ahead.attempt &&
      !e.rollback,
  );
}

/** `fn`, run the first time only. */
function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
