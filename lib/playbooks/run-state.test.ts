import { describe, expect, it } from 'vitest';
import {
  initialRunState,
  nextExecOnPass,
  nextStep,
  stepPassed,
  type Effect,
  type HostPlan,
  type RunEvent,
  type RunState,
  type StepOutcome,
  type StepPlan,
} from './run-state';

const step = (id: string, extra: Partial<StepPlan> = {}): StepPlan => ({
  id,
  name: id,
  kind: 'run',
  command: `echo ${id}`,
  timeoutMs: 1000,
  onFailure: 'stop',
  expect: null,
  retry: null,
  message: null,
  skipped: null,
  ...extra,
});

const ok: StepOutcome = { status: 'succeeded', exitCode: 0, stdout: '' };
const bad: StepOutcome = { status: 'failed', exitCode: 1, stdout: '' };
const cancelled: StepOutcome = { status: 'cancelled', exitCode: null, stdout: '' };

function plans(hosts: string[], steps: StepPlan[]): HostPlan[] {
  return hosts.map((h) => ({ hostId: h, hostName: h, steps }));
}

function start(p: HostPlan[], targets = { concurrency: 1, canary: false, max_failures: 0 }) {
  return nextStep(initialRunState(p, targets), { type: 'start' });
}

/** Feeds events in order; returns the final state and every effect. */
function play(run: RunState, events: RunEvent[]): { run: RunState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const event of events) {
    const t = nextStep(run, event);
    run = t.run;
    effects.push(...t.effects);
  }
  return { run, effects };
}

const done = (hostId: string, outcome = ok): RunEvent => ({ type: 'step-done', hostId, outcome });

describe('nextStep', () => {
  it('start: runs the first step of the first host', () => {
    const t = start(plans(['a'], [step('one'), step('two')]));
    expect(t.run.status).toBe('running');
    expect(t.effects).toEqual([{ type: 'exec', hostId: 'a', stepIndex: 0, attempt: 1, rollback: false }]);
  });

  it('step-done (success): next step, then host and run done', () => {
    const t = start(plans(['a'], [step('one'), step('two')]));
    const r = play(t.run, [done('a'), done('a')]);
    expect(r.effects).toEqual([
      { type: 'exec', hostId: 'a', stepIndex: 1, attempt: 1, rollback: false },
      { type: 'host-done', hostId: 'a', status: 'succeeded', failedStep: null },
      { type: 'run-done', status: 'succeeded', stopReason: null },
    ]);
    expect(r.run.status).toBe('succeeded');
  });

  it('step-done (failure, on_failure stop): host and run failed, naming the step', () => {
    const r = play(start(plans(['a'], [step('one'), step('two')])).run, [done('a', bad)]);
    expect(r.effects).toContainEqual({ type: 'host-done', hostId: 'a', status: 'failed', failedStep: 'one' });
    expect(r.run.status).toBe('failed');
  });

  it('step-done (failure, on_failure continue): the next step runs, the host still ends failed', () => {
    const r = play(start(plans(['a'], [step('one', { onFailure: 'continue' }), step('two')])).run, [
      done('a', bad),
      done('a'),
    ]);
    expect(r.effects[0]).toEqual({ type: 'exec', hostId: 'a', stepIndex: 1, attempt: 1, rollback: false });
    expect(r.run.status).toBe('failed');
  });

  it('step-done (failure, on_failure rollback): runs the rollback steps, never in the normal flow', () => {
    const steps = [
      step('one', { onFailure: 'rollback' }),
      step('undo', { kind: 'rollback', onFailure: null }),
      step('two'),
    ];
    const t = start(plans(['a'], steps));
    const r = play(t.run, [done('a', bad), done('a')]);
    expect(r.effects[0]).toEqual({ type: 'exec', hostId: 'a', stepIndex: 1, attempt: 1, rollback: true });
    expect(r.effects).toContainEqual({ type: 'host-done', hostId: 'a', status: 'failed', failedStep: 'one' });
    const happy = play(t.run, [done('a'), done('a')]);
    expect(happy.effects[0]).toEqual({ type: 'exec', hostId: 'a', stepIndex: 2, attempt: 1, rollback: false });
    expect(happy.run.status).toBe('succeeded');
  });

  it('check with retry: waits and retries until it passes', () => {
    const check = step('free', { kind: 'check', expect: { exit: 0 }, retry: { times: 2, delayMs: 500 } });
    const t = start(plans(['a'], [check]));
    const r = play(t.run, [
      done('a', bad),
      { type: 'retry-due', hostId: 'a' },
      done('a', bad),
      { type: 'retry-due', hostId: 'a' },
    ]);
    expect(r.effects.filter((e) => e.type === 'wait')).toHaveLength(2);
    expect(r.effects.at(-1)).toEqual({ type: 'exec', hostId: 'a', stepIndex: 0, attempt: 3, rollback: false });
    expect(play(r.run, [done('a', bad)]).run.status).toBe('failed');
    expect(play(r.run, [done('a')]).run.status).toBe('succeeded');
  });

  it('check expectations: exit code and output pattern', () => {
    const check = step('c', { kind: 'check', expect: { output: '^[23][0-9][0-9]$' } });
    expect(stepPassed(check, { status: 'succeeded', exitCode: 0, stdout: '200\n' })).toBe(true);
    expect(stepPassed(check, { status: 'succeeded', exitCode: 0, stdout: '502\n' })).toBe(false);
    expect(stepPassed(check, { status: 'failed', exitCode: 3, stdout: 'web RUNNING\n' })).toBe(false);
    expect(stepPassed({ ...check, expect: { exit: 3 } }, { status: 'failed', exitCode: 3, stdout: '' })).toBe(true);
    expect(stepPassed(check, { status: 'timed_out', exitCode: null, stdout: '200\n' })).toBe(false);
  });

  it('skipped steps are recorded, not run', () => {
    const t = start(plans(['a'], [step('kill', { skipped: 'holder.pid was not observed' }), step('two')]));
    expect(t.effects).toEqual([
      { type: 'record-skip', hostId: 'a', stepIndex: 0, reason: 'holder.pid was not observed' },
      { type: 'exec', hostId: 'a', stepIndex: 1, attempt: 1, rollback: false },
    ]);
  });

  it('confirm: waits for a person, continues when confirmed', () => {
    const t = start(plans(['a'], [step('ok', { kind: 'confirm', command: null, message: 'Sure?' }), step('two')]));
    expect(t.effects).toEqual([{ type: 'await-confirm', hostId: 'a', stepIndex: 0 }]);
    expect(nextStep(t.run, { type: 'confirmed', hostId: 'a' }).effects).toEqual([
      { type: 'exec', hostId: 'a', stepIndex: 1, attempt: 1, rollback: false },
    ]);
  });

  it('timeout while a confirm waits: the host and the run time out, nothing is aborted', () => {
    const t = start(plans(['a'], [step('ok', { kind: 'confirm', command: null, message: 'Sure?' })]));
    const r = nextStep(t.run, { type: 'timeout' });
    expect(r.effects).toEqual([
      { type: 'host-done', hostId: 'a', status: 'timed_out', failedStep: null },
      { type: 'run-done', status: 'timed_out', stopReason: 'timed_out' },
    ]);
  });

  it('cancel during a check: aborts the running command, pending hosts never start', () => {
    const check = step('free', { kind: 'check', retry: { times: 5, delayMs: 100 } });
    const t = start(plans(['a', 'b'], [check]));
    const c = nextStep(t.run, { type: 'cancel' });
    expect(c.effects).toEqual([
      { type: 'abort', hostId: 'a', reason: 'cancelled' },
      { type: 'host-done', hostId: 'b', status: 'not-started', failedStep: null },
    ]);
    expect(c.run.status).toBe('stopping');
    const r = nextStep(c.run, done('a', cancelled));
    expect(r.effects).toEqual([
      { type: 'host-done', hostId: 'a', status: 'cancelled', failedStep: null },
      { type: 'run-done', status: 'cancelled', stopReason: 'cancelled' },
    ]);
    // A check that failed as the cancel landed is not retried.
    expect(nextStep(c.run, done('a', bad)).run.status).toBe('cancelled');
  });

  it('cancel while waiting to retry: the host is cancelled at once', () => {
    const check = step('free', { kind: 'check', retry: { times: 5, delayMs: 100 } });
    const waiting = play(start(plans(['a'], [check])).run, [done('a', bad)]).run;
    expect(nextStep(waiting, { type: 'cancel' }).run.status).toBe('cancelled');
  });

  it('interrupt (lease lapsed) during rollback: aborts the rollback step, the run is interrupted', () => {
    const steps = [step('one', { onFailure: 'rollback' }), step('undo', { kind: 'rollback', onFailure: null })];
    const rolling = play(start(plans(['a', 'b'], steps)).run, [done('a', bad)]).run;
    expect(rolling.hosts[0]?.status).toBe('rolling-back');
    const r = nextStep(rolling, { type: 'interrupt' });
    expect(r.effects).toEqual([
      { type: 'abort', hostId: 'a', reason: 'interrupted' },
      { type: 'host-done', hostId: 'a', status: 'interrupted', failedStep: 'one' },
      { type: 'host-done', hostId: 'b', status: 'not-started', failedStep: null },
      { type: 'run-done', status: 'interrupted', stopReason: null },
    ]);
    expect(nextStep(r.run, done('a')).effects).toEqual([]);
  });

  it('an unreachable host ends unreachable, with no rollback', () => {
    const steps = [step('one', { onFailure: 'rollback' }), step('undo', { kind: 'rollback', onFailure: null })];
    const r = play(start(plans(['a'], steps)).run, [done('a', { status: 'disconnected', exitCode: null, stdout: '' })]);
    expect(r.effects).toContainEqual({ type: 'host-done', hostId: 'a', status: 'unreachable', failedStep: null });
    expect(r.effects.some((e) => e.type === 'exec')).toBe(false);
  });

  it('bounded concurrency: at most N hosts at once, the next starts as one finishes', () => {
    const t = start(plans(['a', 'b', 'c'], [step('one')]), { concurrency: 2, canary: false, max_failures: 5 });
    expect(t.effects.map((e) => e.type === 'exec' && e.hostId)).toEqual(['a', 'b']);
    expect(nextStep(t.run, done('b')).effects).toContainEqual({
      type: 'exec',
      hostId: 'c',
      stepIndex: 0,
      attempt: 1,
      rollback: false,
    });
  });

  it('canary: the first host alone; if it fails no other starts', () => {
    const t = start(plans(['a', 'b', 'c'], [step('one')]), { concurrency: 5, canary: true, max_failures: 5 });
    expect(t.effects).toEqual([{ type: 'exec', hostId: 'a', stepIndex: 0, attempt: 1, rollback: false }]);
    const passed = nextStep(t.run, done('a'));
    expect(passed.effects.filter((e) => e.type === 'exec').map((e) => (e as { hostId: string }).hostId)).toEqual([
      'b',
      'c',
    ]);
    const failed = nextStep(t.run, done('a', bad));
    expect(failed.run.stopReason).toBe('canary-failed');
    expect(failed.run.status).toBe('failed');
    expect(failed.effects.filter((e) => e.type === 'host-done').map((e) => (e as { status: string }).status)).toEqual([
      'failed',
      'not-started',
      'not-started',
    ]);
  });

  it('max_failures: stops starting new hosts once exceeded, lets running ones finish', () => {
    const t = start(plans(['a', 'b', 'c', 'd'], [step('one')]), { concurrency: 2, canary: false, max_failures: 0 });
    const r = nextStep(t.run, done('a', bad));
    expect(r.run.stopReason).toBe('max-failures');
    expect(r.run.hosts.map((h) => h.status)).toEqual(['failed', 'running', 'not-started', 'not-started']);
    expect(nextStep(r.run, done('b')).run.status).toBe('failed');
  });

  it('ignores events for a finished run', () => {
    const r = play(start(plans(['a'], [step('one')])).run, [done('a')]);
    expect(nextStep(r.run, { type: 'cancel' })).toEqual({ run: r.run, effects: [] });
  });
});

describe('nextExecOnPass', () => {
  it('names the next command on the host while its step runs', () => {
    const { run } = start(plans(['a'], [step('one'), step('two'), step('three')]));
    expect(nextExecOnPass(run, 'a')).toEqual({ type: 'exec', hostId: 'a', stepIndex: 1, attempt: 1, rollback: false });
    const after = play(run, [done('a')]).run;
    expect(nextExecOnPass(after, 'a')).toMatchObject({ stepIndex: 2 });
  });

  it('is null on the last step, before a confirmation, and for a check that reads output', () => {
    expect(nextExecOnPass(start(plans(['a'], [step('only')])).run, 'a')).toBeNull();
    const confirm = step('ask', { kind: 'confirm', command: null, message: 'Go on?' });
    expect(nextExecOnPass(start(plans(['a'], [step('one'), confirm, step('two')])).run, 'a')).toBeNull();
    const check = step('look', { kind: 'check', expect: { output: 'ok' } });
    expect(nextExecOnPass(start(plans(['a'], [check, step('two')])).run, 'a')).toBeNull();
  });

  it('is null once the run is stopping, and for a host that is not running', () => {
    const { run } = start(plans(['a', 'b'], [step('one'), step('two')]));
    expect(nextExecOnPass(run, 'b')).toBeNull(); // concurrency 1: b is still pending
    const stopping = nextStep(run, { type: 'cancel' }).run;
    expect(nextExecOnPass(stopping, 'a')).toBeNull();
  });

  it('predicts a check by the exit status it expects', () => {
    const byDefault = step('look', { kind: 'check', expect: { exit: 0 } });
    expect(nextExecOnPass(start(plans(['a'], [byDefault, step('two')])).run, 'a')).toMatchObject({ stepIndex: 1 });
    // Passing on exit 1, with on_failure: stop: a wrong guess (exit 0) would predict nothing.
    const gone = step('gone', { kind: 'check', expect: { exit: 1 } });
    expect(nextExecOnPass(start(plans(['a'], [gone, step('two')])).run, 'a')).toMatchObject({ stepIndex: 1 });
  });

  it('is null for a check that retries: a poll, whose early attempts are expected to fail', () => {
    const poll = step('wait', { kind: 'check', expect: { exit: 0 }, retry: { times: 5, delayMs: 100 } });
    expect(nextExecOnPass(start(plans(['a'], [poll, step('two')])).run, 'a')).toBeNull();
  });

  it('does not change the state it looks at', () => {
    const { run } = start(plans(['a'], [step('one'), step('two')]));
    const before = JSON.stringify(run);
    nextExecOnPass(run, 'a');
    expect(JSON.stringify(run)).toBe(before);
  });
});
