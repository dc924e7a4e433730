import type { ExecOutput, ExecStatus, HostKeyMismatch } from '@/lib/ssh/types';

/**
 * Turns an executor result into what the hosts page shows, what the Host row
 * keeps as "last test", and what the audit entry records. Pure.
 */

/** The names on screen (and in runbooks): HOST_KEY_CHANGED reads better at 3 a.m. than host_key_changed. */
export const STATUS_CODES = {
  succeeded: 'OK',
  failed: 'COMMAND_FAILED',
  timed_out: 'TIMED_OUT',
  cancelled: 'CANCELLED',
  host_unreachable: 'HOST_UNREACHABLE',
  auth_failed: 'AUTH_FAILED',
  disconnected: 'DISCONNECTED',
  host_key_unknown: 'HOST_KEY_UNKNOWN',
  host_key_changed: 'HOST_KEY_CHANGED',
} as const satisfies Record<ExecStatus, string>;

export type StatusCode = (typeof STATUS_CODES)[ExecStatus];

const OUTPUT_LIMIT = 4_000;
const SUMMARY_LIMIT = 300;

export interface HostForReport {
  name: string;
  address: string;
  port: number;
  username: string;
}

export interface ConnectionTestReport {
  status: ExecStatus;
  code: StatusCode;
  ok: boolean;
  /** Round trip: connect (if not pooled) + run `id` + exit status. */
  durationMs: number;
  exitCode: number | null;
  /** One line for the table and the Host row. */
  summary: string;
  /** What to do about it. Empty when all is well. */
  hint: string;
  /** `id`'s stdout (and stderr, if any), capped. Never contains a secret: the executor masks them. */
  output: string;
  hostKey?: HostKeyMismatch;
}

export function isHostKeyRefusal(status: string | null | undefined): status is 'host_key_unknown' | 'host_key_changed' {
  return status === 'host_key_unknown' || status === 'host_key_changed';
}

export function reportConnectionTest(host: HostForReport, result: ExecOutput): ConnectionTestReport {
  const code = STATUS_CODES[result.status];
  const ok = result.status === 'succeeded';
  const stdout = result.stdout.trim();
  const stderr = result.stderr.trim();
  const output = cap([stdout, stderr].filter(Boolean).join('\n'), OUTPUT_LIMIT);
  const firstLine = stdout.split('\n')[0] ?? '';
  const summary = ok
    ? cap(firstLine || 'connected (no output)', SUMMARY_LIMIT)
    : cap(`${code}: ${refusalSentence(result) ?? result.message ?? stderr.split('\n')[0] ?? 'failed'}`, SUMMARY_LIMIT);
  return {
    status: result.status,
    code,
    ok,
    durationMs: result.durationMs,
    exitCode: result.exitCode,
    summary,
    hint: hintFor(result.status, host, result.hostKey),
    output,
    ...(result.hostKey ? { hostKey: result.hostKey } : {}),
  };
}

/** The audit payload of `host.test`: outcome and timing, never output. */
export function testAuditPayload(report: ConnectionTestReport) {
  return {
    status: report.status,
    code: report.code,
    durationMs: report.durationMs,
    exitCode: report.exitCode,
    ...(report.hostKey ? { hostKey: report.hostKey } : {}),
  };
}

function refusalSentence(result: ExecOutput): string | undefined {
  const key = result.hostKey;
  if (!key) return undefined;
  if (result.status === 'host_key_changed') {
    return `host key changed: expected ${key.expected}, got ${key.keyType} ${key.actual}. Nothing ran.`;
  }
  if (result.status === 'host_key_unknown') {
    return `no pinned host key; the host presented ${key.keyType} ${key.actual}. Nothing ran.`;
  }
  return undefined;
}

export function hintFor(status: ExecStatus, host: HostForReport, hostKey?: HostKeyMismatch): string {
  switch (status) {
    case 'succeeded':
      return '';
    case 'host_key_changed':
      return (
        `${host.name} presented ${hostKey ? `${hostKey.keyType} ${hostKey.actual}` : 'a different key'} instead of the pinned ` +
        `${hostKey?.expected ?? 'key'}. Nothing ran. If the host was rebuilt or its keys rotated, compare the new fingerprint ` +
        'with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on its console and re-pin; otherwise treat it as a possible ' +
        'man-in-the-middle and do not re-pin.'
      );
    case 'host_key_unknown':
      return `${host.name} has no trusted host key. Fetch its host key, compare it with the server console, then trust it. Nothing ran.`;
    case 'host_unreachable':
      return `Could not reach ${host.address}:${host.port}. Check the address and port, that sshd is running, and that no firewall blocks this server.`;
    case 'auth_failed':
      return `${host.address} refused the key for ${host.username}. Add the public key to ~${host.username}/.ssh/authorized_keys on the host.`;
    case 'timed_out':
      return `${host.name} did not answer \`id\` in time. The host may be overloaded or the network slow.`;
    case 'disconnected':
      return `The connection to ${host.name} dropped before \`id\` reported an exit status.`;
    case 'failed':
      return `Connected, but \`id\` failed on ${host.name}: the login shell or PATH of ${host.username} may be broken.`;
    case 'cancelled':
      return 'The test was cancelled.';
  }
}

function cap(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
