import { ConnectionPool } from './connection-pool';
import { killGroupCommand } from './remote-command';
import { isDeadConnectionError, runInternalCommand } from './run-channel';
import type { HostTarget, KillOutcome } from './types';

const OUTCOMES = new Set<KillOutcome>(['exited-after-term', 'killed', 'survived', 'already-gone']);

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
  { checkFirst = false }: { checkFirst?: boolean } = {},
): Promise<KillOutcome> {
  const script = killGroupCommand(pgid, graceMs, checkFirst);
  const outcome = await runKillScript(pool, target, script, graceMs);
  if (outcome !== 'channel-refused') return outcome;
  // The shared connection is at the server's session limit (sshd's MaxSessions
  // defaults to 10, and eight commands may hold channels): use a connection of
  // its own rather than leave the process group running.
  const spare = new ConnectionPool({ maxChannelsPerConnection: 1, spareSessions: false });
  try {
    const retried = await runKillScript(spare, target, script, graceMs);
    return retried === 'channel-refused' ? 'unreachable' : retried;
  } finally {
    await spare.closeAll();
  }
}

async function runKillScript(
  pool: ConnectionPool,
  target: HostTarget,
  script: string,
  graceMs: number,
): Promise<KillOutcome | 'channel-refused'> {
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
  } catch (error) {
    return isDeadConnectionError(error) ? 'unreachable' : 'channel-refused';
  } finally {
    lease.release();
  }
}
