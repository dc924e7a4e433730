import type { ConnectionPool } from './connection-pool';
import { killGroupCommand } from './remote-command';
import { runInternalCommand } from './run-channel';
import type { HostTarget, KillOutcome } from './types';

const OUTCOMES = new Set<KillOutcome>(['exited-after-term', 'killed', 'survived']);

/**
 * TERM → grace → KILL → verify, over a channel of its own: the command's channel
 * only carries bytes to the process, and closing it does not signal anything
 * on the host (no pty, so no SIGHUP).
 */
export async function killProcessGroup(
  pool: ConnectionPool,
  target: HostTarget,
  pgid: number,
  graceMs: number,
): Promise<KillOutcome> {
  const script = killGroupCommand(pgid, graceMs);
  let lease;
  try {
    lease = await pool.acquire(target, { bypassLimit: true });
  } catch {
    return 'unreachable';
  }
  try {
    // Grace + KILL verification (3 s) + slack for a slow host.
    const printed = (await runInternalCommand(lease.client, script, graceMs + 8_000)).trim();
    return OUTCOMES.has(printed as KillOutcome) ? (printed as KillOutcome) : 'unreachable';
  } catch {
    return 'unreachable';
  } finally {
    lease.release();
  }
}
