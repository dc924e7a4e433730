import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import type { HostTarget } from '@/lib/ssh/types';
import { liveProcessesMatching, startTestHosts, type TestHosts } from '@/tests/support/sshd';

let sshd: TestHosts;
let host: HostTarget;
const pool = new ConnectionPool();

beforeAll(async () => {
  sshd = await startTestHosts(1);
  host = sshd.host(0);
});

afterAll(async () => {
  await pool.closeAll();
  await sshd?.stop();
});

describe('timeout and cancel stop the remote process tree', () => {
  it('times out `sleep 3599` and leaves no sleep on the host', async () => {
    // What ran is checked on the host, not against our own clock: the sleep was
    // there while the command ran, and is gone once exec reports the timeout.
    let whileRunning: Promise<string[]> | undefined;
    const result = await exec(
      host,
      'echo started; sleep 3599',
      {
        timeoutMs: 3_000,
        onChunk: (_stream, text) => {
          if (text.includes('started')) whileRunning ??= liveProcessesMatching('sleep 3599');
        },
      },
      pool,
    );
    expect(await whileRunning).not.toEqual([]);
    expect(result.status).toBe('timed_out');
    expect(result.exitCode).toBeNull();
    expect(result.pid).toBeGreaterThan(1);
    expect(result.kill).toBe('exited-after-term');
    expect(result.stderr).toBe('');
    expect(await liveProcessesMatching('sleep 3599')).toEqual([]);
  });

  it('cancels mid-command through an AbortSignal', async () => {
    const controller = new AbortController();
    let whileRunning: Promise<string[]> | undefined;
    const running = exec(
      host,
      'echo started; sleep 3596',
      {
        timeoutMs: 600_000,
        signal: controller.signal,
        onChunk: (_stream, text) => {
          if (!text.includes('started')) return;
          whileRunning = liveProcessesMatching('sleep 3596');
          void whileRunning.then(() => controller.abort());
        },
      },
      pool,
    );
    const result = await running;
    expect(await whileRunning).not.toEqual([]);
    expect(result.status).toBe('cancelled');
    expect(result.kill).toBe('exited-after-term');
    expect(result.stdout).toBe('started\n');
    expect(await liveProcessesMatching('sleep 3596')).toEqual([]);
  });

  it('kills a whole child tree, background jobs included', async () => {
    expect(await liveProcessesMatching('sleep 3598')).toEqual([]);
    const result = await exec(host, "sh -c 'sleep 3598 & sleep 3597'", { timeoutMs: 2_000 }, pool);
    expect(result.status).toBe('timed_out');
    expect(await liveProcessesMatching('sleep 3598')).toEqual([]);
    expect(await liveProcessesMatching('sleep 3597')).toEqual([]);
  });

  it('escalates to KILL when the command ignores TERM', async () => {
    const result = await exec(host, "trap '' TERM; sleep 3595 & wait", { timeoutMs: 1_000, killGraceMs: 1_000 }, pool);
    expect(result.status).toBe('timed_out');
    expect(result.kill).toBe('killed');
    expect(await liveProcessesMatching('sleep 3595')).toEqual([]);
  });

  it('still runs commands on the same connection afterwards', async () => {
    const result = await exec(host, 'echo alive', { timeoutMs: 10_000 }, pool);
    expect(result.stdout).toBe('alive\n');
  });

  it('reports cancelled without running anything when the signal is already aborted', async () => {
    const result = await exec(host, 'touch /tmp/never', { timeoutMs: 10_000, signal: AbortSignal.abort() }, pool);
    expect(result.status).toBe('cancelled');
    expect(result.kill).toBe('not-started');
  });
});

describe('many timeouts at once', () => {
  it('kills every group even when the kill channels exceed sshd’s MaxSessions', async () => {
    // 64 commands fill sshd's MaxSessions 64, so every kill channel on the shared
    // connection is refused and must fall back to a connection of its own.
    const crowded = new ConnectionPool({ maxChannelsPerConnection: 64 });
    try {
      const results = await Promise.all(
        Array.from({ length: 64 }, () => exec(host, 'sleep 3592', { timeoutMs: 3_000, killGraceMs: 500 }, crowded)),
      );
      expect(results.map((r) => r.status)).toEqual(Array(64).fill('timed_out'));
      expect(results.map((r) => r.kill)).toEqual(Array(64).fill('exited-after-term'));
      expect(await liveProcessesMatching('sleep 3592')).toEqual([]);
    } finally {
      await crowded.closeAll();
    }
  });

  it('queues beyond 8 channels and still kills each timed-out group', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => exec(host, 'sleep 3591', { timeoutMs: 2_000, killGraceMs: 500 }, pool)),
    );
    // The first eight hold every slot until their deadline; the other four time out waiting in the queue.
    expect(results.map((r) => r.status)).toEqual(Array(12).fill('timed_out'));
    expect(results.filter((r) => r.kill === 'not-started')).toHaveLength(4);
    expect(await liveProcessesMatching('sleep 3591')).toEqual([]);
  });
});
