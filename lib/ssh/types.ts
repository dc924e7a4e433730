/** A host as the executor needs it: plain data, already decrypted by the caller. */
export interface HostTarget {
  id: string;
  name: string;
  address: string;
  port: number;
  username: string;
  /** OpenSSH- or PEM-format private key text. */
  privateKey: string;
  passphrase?: string;
  /** `SHA256:…` fingerprint an admin confirmed; without it nothing connects. */
  hostKeyPin?: string | null;
}

export type ExecStatus =
  | 'succeeded'
  | 'failed'
  | 'timed_out'
  | 'cancelled'
  | 'host_unreachable'
  | 'auth_failed'
  | 'disconnected'
  | 'host_key_unknown'
  | 'host_key_changed';

/** Statuses that mean the connection was refused before anything ran. */
export type ConnectFailureStatus = 'host_unreachable' | 'auth_failed' | 'host_key_unknown' | 'host_key_changed';

export interface HostKeyMismatch {
  /** The pinned fingerprint, or null when the host had no pin. */
  expected: string | null;
  actual: string;
  keyType: string;
}

/** What happened to the remote process group after a timeout or cancel. */
export type KillOutcome =
  | 'exited-after-term'
  | 'killed'
  | 'survived'
  | 'not-started'
  | 'unreachable'
  /** Nothing of the group was alive when the kill began (the reconciler's usual finding after a clean exit). */
  | 'already-gone';

export interface ExecResult {
  status: ExecStatus;
  /** Remote exit code; null when the process never reported one. */
  exitCode: number | null;
  /** Remote signal name (e.g. 'SIGKILL') when the process died of a signal. */
  signal: string | null;
  durationMs: number;
  /** True when either stream exceeded its cap and its middle was cut. */
  truncated: boolean;
  /** Remote PID of the command, which is also its process-group id. */
  pid?: number;
  /** Human-readable reason for a non-success status. */
  message?: string;
  /** Present for host_key_unknown / host_key_changed so the refusal can be audited. */
  hostKey?: HostKeyMismatch;
  kill?: KillOutcome;
}

export type OutputStream = 'stdout' | 'stderr';

export interface ExecOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Exported to the command; names must be shell identifiers. Inlined in the exec request: never secret. */
  env?: Record<string, string>;
  /**
   * Exported to the command, sent over stdin (one line each) so the values are
   * in no command line and no sshd log; masked in all output. No newlines.
   */
  secretEnv?: Record<string, string>;
  /** Values masked as `***` in every chunk and in the final output. */
  secrets?: string[];
  /** Per-stream cap; head and tail are kept. Default 1 MiB. */
  maxBytesPerStream?: number;
  /** Masked text as it arrives. */
  onChunk?: (stream: OutputStream, text: string) => void;
  /** The remote PID (= process group id) as soon as the command reports it, so it can be recorded before it ends. */
  onPid?: (pid: number) => void;
  /**
   * The command left: sshd accepted its exec request, or it went on a spare
   * session's stdin (ConnectionPool). Work that must not delay it (the
   * runner's step-boundary commit, which blocks the event loop for its fsync)
   * waits for this and overlaps the command's run.
   */
  onSent?: () => void;
  /**
   * Another command follows on this host as soon as this one ends (a
   * playbook's next step): if this one takes the connection's spare session,
   * the next spare starts now, while this runs, instead of once it has ended
   * (when starting it would only compete with the replies of a fan-out).
   */
  followedSoon?: boolean;
  /** How long TERM has to work before KILL. Default 2000 ms. */
  killGraceMs?: number;
}

export interface ExecOutput extends ExecResult {
  stdout: string;
  stderr: string;
}
