import { StringDecoder } from 'node:string_decoder';
import { metrics } from '@/lib/metrics';
import type { ClientChannel } from 'ssh2';
import { OutputCap } from './cap-output';
import { ConnectionPool, type AcquireOptions, type ChannelLease } from './connection-pool';
import { SshConnectError } from './errors';
import { killProcessGroup } from './kill-process-group';
import { SecretMasker } from './mask-secrets';
import { PidLineParser, secretStdin, spareCommand, spareSessionInput, wrapCommand } from './remote-command';
import { isDeadConnectionError, openExecChannel } from './run-channel';
import type { ExecOptions, ExecOutput, ExecResult, HostTarget, KillOutcome, OutputStream } from './types';

const DEFAULT_MAX_BYTES_PER_STREAM = 1024 * 1024;
const DEFAULT_KILL_GRACE_MS = 2_000;
/** After a timeout, how long to wait for a just-started command to report its PID. */
const PID_WAIT_MS = 3_000;
/** After the kill, how long the command's own channel gets to report and close. */
const CLOSE_WAIT_MS = 2_000;

let sharedPool: ConnectionPool | undefined;

/** The process-wide pool used when `exec` is not given one. */
export function defaultPool(): ConnectionPool {
  sharedPool ??= new ConnectionPool();
  return sharedPool;
}

export async function closeAllConnections(): Promise<void> {
  await sharedPool?.closeAll();
}

type AbortReason = 'timed_out' | 'cancelled';

/**
 * Runs `command` on `target` in its own process group and resolves with its
 * result. Never rejects for anything the network or the host does: refusals,
 * drops, timeouts and cancels are all statuses. Rejects only for caller bugs
 * (e.g. an env name that is not a shell identifier).
 */
export async function exec(
  target: HostTarget,
  command: string,
  options: ExecOptions,
  pool: ConnectionPool = defaultPool(),
): Promise<ExecOutput> {
  const startedAt = performance.now();
  const secretEnv = options.secretEnv ?? {};
  // The same command two ways: in an exec request, or on a spare session's stdin.
  const wrapped = {
    exec: wrapCommand(command, options.env, Object.keys(secretEnv)),
    spare: spareSessionInput(spareCommand(command, options.env, Object.keys(secretEnv))),
  };
  const stdin = secretStdin(secretEnv);
  const streamOptions = { ...options, secrets: [...(options.secrets ?? []), ...Object.values(secretEnv)] };
  const deadline = watchDeadline(options.timeoutMs, options.signal);
  const output = {
    stdout: new StreamOutput('stdout', streamOptions),
    stderr: new StreamOutput('stderr', streamOptions),
  };
  const finish = (outcome: Outcome): ExecOutput => {
    output.stdout.end();
    output.stderr.end();
    return {
      exitCode: null,
      signal: null,
      ...outcome,
      durationMs: Math.round(performance.now() - startedAt),
      truncated: output.stdout.truncated || output.stderr.truncated,
      stdout: output.stdout.text(),
      stderr: output.stderr.text(),
    };
  };

  const supervise = (channel: ClientChannel, stdinFirst: string) => {
    try {
      options.onSent?.();
    } catch {
      // The caller's bookkeeping; a failure there must not break the command.
    }
    return superviseChannel(channel, {
      deadline,
      output,
      stdin: stdinFirst + stdin,
      onPid: options.onPid,
      kill: (pgid) => killProcessGroup(pool, target, pgid, options.killGraceMs ?? DEFAULT_KILL_GRACE_MS),
    });
  };
  try {
    const { lease, outcome, spare } = await startCommand(pool, target, wrapped, deadline.signal, supervise, {
      replaceSpareNow: options.followedSoon ?? false,
    });
    try {
      let ended = await outcome;
      // A spare that died before its command reached it (killed on the host a moment before)
      // reports an exit with not a byte, not even the PID line the wrapper prints before
      // anything else: nothing ran, so the command starts again in a channel of its own — in
      // this lease's slot, which it keeps (released, it could go to the next spare and leave
      // this command queued behind the others on a full connection).
      if (spare && ended.silent && ended.pid === undefined && !deadline.reason() && ended.status !== 'disconnected') {
        ended = await (await openOwnChannel(lease, wrapped.exec, supervise)).outcome;
      }
      const { silent: _silent, ...result } = ended;
      return finish(result);
    } finally {
      lease.release();
    }
  } catch (error) {
    if (error instanceof SshConnectError) {
      return finish({ status: error.status, message: error.message, hostKey: error.hostKey });
    }
    const reason = deadline.reason();
    if (reason) return finish({ status: reason, message: `${reason} before the command started`, kill: 'not-started' });
    return finish({ status: 'disconnected', message: `Could not start the command: ${(error as Error).message}` });
  } finally {
    deadline.dispose();
  }
}

type Outcome = Omit<ExecResult, 'durationMs' | 'truncated' | 'exitCode' | 'signal'> &
  Partial<Pick<ExecResult, 'exitCode' | 'signal'>>;
/** `silent`: not a byte arrived on either stream. */
type SupervisedOutcome = Outcome & { silent: boolean };

/**
 * Starts the wrapped command: in the connection's spare session when one is
 * ready (the wrapper goes first on its stdin), else in a channel of its own.
 * `supervise` gets the channel and what to write on stdin before the secrets.
 */
async function startCommand(
  pool: ConnectionPool,
  target: HostTarget,
  wrapped: { exec: string; spare: string },
  signal: AbortSignal,
  supervise: (channel: ClientChannel, stdinFirst: string) => Promise<SupervisedOutcome>,
  spares: Pick<AcquireOptions, 'replaceSpareNow'>,
): Promise<{ lease: ChannelLease; outcome: Promise<SupervisedOutcome>; spare: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const lease = await pool.acquire(target, { signal, takeSpare: true, ...spares });
    if (lease.spare) {
      metrics().sshCommandStarts.inc({ via: 'spare' });
      return { lease, outcome: supervise(lease.spare, wrapped.spare), spare: true };
    }
    try {
      const { outcome } = await openOwnChannel(lease, wrapped.exec, supervise);
      return { lease, outcome, spare: false };
    } catch (error) {
      // A pooled connection can die between uses (sshd restarted): drop it and,
      // since nothing started, retry once on a fresh one. A channel refused on a
      // live connection must not close it: other commands are running on it.
      const dead = isDeadConnectionError(error);
      if (dead) lease.discard();
      else lease.release();
      if (!dead || lease.fresh || attempt > 0) throw error;
    }
  }
}

/** An exec channel of its own for the command, in `lease`'s slot. Rejects if the channel never opened. */
function openOwnChannel(
  lease: ChannelLease,
  wrapped: string,
  supervise: (channel: ClientChannel, stdinFirst: string) => Promise<SupervisedOutcome>,
): Promise<{ outcome: Promise<SupervisedOutcome> }> {
  // Wrapped in an object so awaiting the open does not also await the outcome.
  return openExecChannel(lease.client, wrapped, (channel) => {
    metrics().sshCommandStarts.inc({ via: 'exec' });
    return { outcome: supervise(channel, '') };
  });
}

interface Deadline {
  signal: AbortSignal;
  reason(): AbortReason | undefined;
  dispose(): void;
}

/** One signal for "stop now", remembering whether the clock or the caller pulled it. */
function watchDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let reason: AbortReason | undefined;
  const stop = (why: AbortReason) => {
    if (reason) return;
    reason = why;
    controller.abort(new Error(why));
  };
  const timer = setTimeout(() => stop('timed_out'), timeoutMs);
  const onCallerAbort = () => stop('cancelled');
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    reason: () => reason,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Decode → mask → (stream to caller, keep within cap). Masking comes first so nothing unmasked is ever stored. */
class StreamOutput {
  private readonly decoder = new StringDecoder('utf8');
  private readonly masker: SecretMasker;
  private readonly cap: OutputCap;
  private ended = false;

  constructor(
    private readonly name: OutputStream,
    private readonly options: ExecOptions,
  ) {
    this.masker = new SecretMasker(options.secrets ?? []);
    this.cap = new OutputCap(options.maxBytesPerStream ?? DEFAULT_MAX_BYTES_PER_STREAM);
  }

  get truncated(): boolean {
    return this.cap.truncated;
  }

  push(chunk: Buffer): void {
    if (this.ended || chunk.length === 0) return;
    this.emit(this.masker.push(this.decoder.write(chunk)));
  }

  end(): void {
    if (this.ended) return;
    this.emit(this.masker.push(this.decoder.end()) + this.masker.flush());
    this.ended = true;
  }

  text(): string {
    return this.cap.toString();
  }

  private emit(text: string): void {
    if (text.length === 0) return;
    this.cap.push(text);
    try {
      this.options.onChunk?.(this.name, text);
    } catch {
      // A failing listener (say, a closed SSE stream) must not break the run or its cleanup.
    }
  }
}

interface SuperviseContext {
  deadline: Deadline;
  /** Written before stdin is closed: the secrets the wrapper reads (empty when there are none). */
  stdin: string;
  onPid?: (pid: number) => void;
  output: { stdout: StreamOutput; stderr: StreamOutput };
  kill: (pgid: number) => Promise<KillOutcome>;
}

/**
 * Follows one command's channel to its end. A normal end is decided by the
 * exit status; a deadline end kills the process group first and is decided by
 * the deadline, whatever the channel reports afterwards.
 */
function superviseChannel(
  channel: ClientChannel,
  { deadline, output, stdin, onPid, kill }: SuperviseContext,
): Promise<SupervisedOutcome> {
  return new Promise<SupervisedOutcome>((resolve) => {
    const pidLine = new PidLineParser();
    let silent = true;
    let exit: { code: number | null; signal: string | null } | undefined;
    let killing: Promise<KillOutcome> | undefined;
    let streamsOpen = 2;
    let settled = false;
    const pidListeners: Array<() => void> = [];

    const settle = async () => {
      if (settled) return;
      settled = true;
      deadline.signal.removeEventListener('abort', onDeadline);
      output.stdout.push(pidLine.flush());
      const reason = deadline.reason();
      if (reason && killing) {
        resolve({ status: reason, pid: pidLine.pid, kill: await killing, ...exitFields(exit), silent });
        return;
      }
      resolve({ ...outcomeFromExit(exit), pid: pidLine.pid, silent });
    };

    const onStreamClosed = () => {
      streamsOpen--;
      for (const notify of pidListeners.splice(0)) notify();
      if (streamsOpen === 0) void settle();
    };

    const waitForPid = (): Promise<number | undefined> => {
      if (pidLine.pid !== undefined || streamsOpen < 2) return Promise.resolve(pidLine.pid);
      return new Promise((resolvePid) => {
        const timer = setTimeout(() => resolvePid(pidLine.pid), PID_WAIT_MS);
        pidListeners.push(() => {
          clearTimeout(timer);
          resolvePid(pidLine.pid);
        });
      });
    };

    const stopRemote = async (): Promise<KillOutcome> => {
      const pid = await waitForPid();
      if (pid === undefined) {
        channel.close();
        return 'not-started';
      }
      return kill(pid);
    };

    const onDeadline = () => {
      if (settled || killing) return;
      killing = stopRemote();
      // The process group is gone (or reported surviving); give the channel a
      // moment to deliver its last bytes, then close it ourselves.
      void killing.then(() => closeAfter(channel, CLOSE_WAIT_MS, () => void settle()));
    };

    channel.on('data', (chunk: Buffer) => {
      silent &&= chunk.length === 0;
      const knew = pidLine.pid !== undefined;
      const own = pidLine.push(chunk);
      if (pidLine.pid !== undefined) for (const notify of pidListeners.splice(0)) notify();
      if (!knew && pidLine.pid !== undefined) {
        try {
          onPid?.(pidLine.pid);
        } catch {
          // Recording the PID is the caller's business; a failure there must not break the command.
        }
      }
      output.stdout.push(own);
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      silent &&= chunk.length === 0;
      output.stderr.push(chunk);
    });
    channel.on('exit', (code: number | null, signal?: string) => {
      exit = { code: code ?? null, signal: signal ?? null };
    });
    channel.once('close', onStreamClosed);
    channel.stderr.once('close', onStreamClosed);
    // Secrets (if any) go over stdin, never in the exec request; then EOF, so a
    // command that reads stdin does not wait forever.
    if (stdin) channel.write(stdin);
    channel.end();

    if (deadline.signal.aborted) onDeadline();
    else deadline.signal.addEventListener('abort', onDeadline, { once: true });
  });
}

/** Close the channel if it is still open after `waitMs`; settle regardless a second later. */
function closeAfter(channel: ClientChannel, waitMs: number, settle: () => void): void {
  const closeTimer = setTimeout(() => {
    channel.close();
    setTimeout(settle, 1_000).unref();
  }, waitMs);
  closeTimer.unref();
  channel.once('close', () => clearTimeout(closeTimer));
}

function exitFields(exit: { code: number | null; signal: string | null } | undefined) {
  return { exitCode: exit?.code ?? null, signal: exit?.signal ?? null };
}

/** A channel that closed without an exit status is a failure: we do not know what happened. */
function outcomeFromExit(exit: { code: number | null; signal: string | null } | undefined): Outcome {
  if (!exit || (exit.code === null && exit.signal === null)) {
    return { status: 'disconnected', message: 'Channel closed without an exit status (connection lost?)' };
  }
  if (exit.code === 0) return { status: 'succeeded', ...exitFields(exit) };
  const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return { status: 'failed', message: `Command ${how}`, ...exitFields(exit) };
}
