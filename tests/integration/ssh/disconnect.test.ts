import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import { killProcessGroup } from '@/lib/ssh/kill-process-group';
import { liveProcessesMatching, startTestHosts, type TestHosts } from '@/tests/support/sshd';

let sshd: TestHosts;
// Short keepalive so a hung host is noticed in seconds; the default bound is ~20 s.
const pool = new ConnectionPool({ keepaliveIntervalMs: 1_000, keepaliveCountMax: 3, readyTimeoutMs: 5_000 });

beforeAll(async () => {
  sshd = await startTestHosts(2);
});

afterAll(async () => {
  await sshd?.thaw(1);
  await pool.closeAll();
  await sshd?.stop();
});

describe('connection lost mid-command', () => {
  it('ends in disconnected (never success) when sshd is killed, then host_unreachable', async () => {
    const host = sshd.host(0);
    let killed: Promise<void> | undefined;
    // Background first: the kill walks the process tree, so the sleep must exist before 'started'.
    const running = exec(
      host,
      'sleep 3594 & echo started; wait',
      {
        timeoutMs: 120_000,
        onChunk: (_stream, text) => {
          if (text.includes('started')) killed = sshd.kill(0);
        },
      },
      pool,
    );
    const result = await running;
    expect(result.status).toBe('disconnected');
    expect(result.exitCode).toBeNull();
    expect(result.durationMs).toBeLessThan(40_000);

    await killed;
    const next = await exec(host, 'true', { timeoutMs: 10_000 }, pool);
    expect(next.status).toBe('host_unreachable');
    expect(await liveProcessesMatching('sleep 3594')).toEqual([]);
  });

  it('reconnects once sshd is back', async () => {
    await sshd.start(0);
    const result = await exec(sshd.host(0), 'echo back', { timeoutMs: 10_000 }, pool);
    expect(result.stdout).toBe('back\n');
  });

  it('ends in disconnected when the host hangs (keepalive), within the bound', async () => {
    const host = sshd.host(1);
    const running = exec(
      host,
      'echo started; sleep 3593',
      {
        timeoutMs: 120_000,
        onChunk: (_stream, text) => {
          if (text.includes('started')) void sshd.freeze(1);
        },
      },
      pool,
    );
    const result = await running;
    expect(result.status).toBe('disconnected');
    expect(result.durationMs).toBeLessThan(40_000);
    expect(result.pid).toBeGreaterThan(1);

    // A dropped connection does not stop the command on the host (sshd sends no
    // signal without a pty); the caller can kill the group by its reported PID.
    await sshd.thaw(1);
    expect(await liveProcessesMatching('sleep 3593')).not.toEqual([]);
    expect(await killProcessGroup(pool, host, result.pid!, 1_000)).toBe('exited-after-term');
    expect(await liveProcessesMatching('sleep 3593')).toEqual([]);
  });
});
