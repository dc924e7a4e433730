import type { ConnectFailureStatus, HostKeyMismatch } from './types';

export type SshErrorCode =
  | 'ssh:host-unreachable'
  | 'ssh:auth-failed'
  | 'ssh:host-key-unknown'
  | 'ssh:host-key-changed'
  | 'ssh:bad-env'
  | 'ssh:bad-command';

const CODE_BY_STATUS: Record<ConnectFailureStatus, SshErrorCode> = {
  host_unreachable: 'ssh:host-unreachable',
  auth_failed: 'ssh:auth-failed',
  host_key_unknown: 'ssh:host-key-unknown',
  host_key_changed: 'ssh:host-key-changed',
};

export class SshError extends Error {
  readonly code: SshErrorCode;

  constructor(code: SshErrorCode, message: string) {
    super(message);
    this.name = 'SshError';
    this.code = code;
  }
}

/** A connection that never became usable; carries the ExecResult status it maps to. */
export class SshConnectError extends SshError {
  readonly status: ConnectFailureStatus;
  readonly hostKey?: HostKeyMismatch;

  constructor(status: ConnectFailureStatus, message: string, hostKey?: HostKeyMismatch) {
    super(CODE_BY_STATUS[status], message);
    this.name = 'SshConnectError';
    this.status = status;
    this.hostKey = hostKey;
  }
}
