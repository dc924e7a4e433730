import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '@/lib/metrics';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import type { HostTarget } from '@/lib/ssh/types';
import { liveProcessesMatching, startTestHosts, type HostProcess, type TestHosts } from '@/tests/support/sshd';
import { watchWhatLeaves } from '@/tests/support/ssh-wire';

/**
 * The spare session (ConnectionPool, SPARE_SESSION) against a real sshd: the
 * shell is started ahead and idle; the command that takes it is the one that
 * runs in it; whatever happens to a spare, a command still runs exactly once
 * and nothing is left on the host.
 */
let sshd: TestHosts;
let host: HostTarget;

beforeAll(async () => {
  sshd = await startTestHosts(1);
  host = sshd.host(0);
});

afterAll(async () => {
  await sshd?.stop();
});

const spares = async (): Promise<HostProcess[]> =>
  (await sshd.sessionProcesses(0)).filter((p) => p.args.includes(': warroom spare session'));
/** The one spare shell, once sshd has exec'd it (its exec reply can come a moment before). */
const waitingSpare = async (): Promise<HostProcess> => {
  await expect.poll(async () => (await spares()).length, { timeout: 5_000 }).toBe(1);
  return (await spares())[0]!;
};
const starts = async () =>
  Object.fromEntries((await metrics().sshCommandStarts.get()).values.map((v) => [String(v.labels.via), v.value]));
const lost = async () => (await metrics().sshSparesLost.get()).values[0]?.value ?? 0;
const shellPid = async (pool: ConnectionPool, command = 'true') => {
  const result = await exec(host, command, { timeoutMs: 10_000 }, pool);
  expect(result.status).toBe('succeeded');
  return result;
};

async function withPool<T>(
  options: ConstructorParameters<typeof ConnectionPool>[0],
  use: (pool: ConnectionPool) => Promise<T>,
) {
  const pool = new ConnectionPool(options);
  try {
    return await use(pool);
  } finally {
    await pool.closeAll();
  }
}

describe('a spare session', () => {
  it('is a shell started ahead that runs nothing, and the next command runs in that very shell', async () => {
    await withPool({}, async (pool) => {
      await shellPid(pool);
      expect(await pool.spareReady(host)).toBe(true);
      const waiting = await waitingSpare();
      const leaving: string[] = [];
      const stop = watchWhatLeaves(({ kind, text }) =>
        leaving.push(`${kind}:${text.includes('echo hi') ? 'cmd' : ''}`),
      );
      const before = await starts();
      let result;
      try {
        result = await shellPid(pool, 'echo hi');
      } finally {
        stop();
      }
      expect(result.stdout).toBe('hi\n');
      // The shell that was waiting before the command existed is the one that ran it…
      expect(result.pid).toBe(waiting.pid);
      expect(pool.sparesUsed).toBe(1);
      expect(await starts()).toEqual({ spare: before.spare! + 1, exec: before.exec });
      // …the command went on its stdin; the only exec request is the next spare's.
      expect(leaving.filter((l) => l.endsWith(':cmd'))).toEqual(['stdin:cmd']);
      expect(await pool.spareReady(host)).toBe(true);
      expect((await spares()).map((p) => p.pid)).not.toContain(waiting.pid);
    });
  });

  it('ends with the connection: closing the pool leaves no shell on the host', async () => {
    const pool = new ConnectionPool();
    await shellPid(pool);
    expect(await pool.spareReady(host)).toBe(true);
    await waitingSpare();
    await pool.closeAll();
    await expect.poll(spares, { timeout: 5_000 }).toEqual([]);
  });

  it('ends with an idle connection', async () => {
    await withPool({ idleTimeoutMs: 300 }, async (pool) => {
      await shellPid(pool);
      expect(await pool.spareReady(host)).toBe(true);
      await expect.poll(() => pool.size, { timeout: 5_000 }).toBe(0);
      await expect.poll(spares, { timeout: 5_000 }).toEqual([]);
    });
  });

  it('killed on the host, is never the one a command runs in: the command runs once, in a channel of its own', async () => {
    await withPool({}, async (pool) => {
      await shellPid(pool);
      for (const noticed of [true, false]) {
        expect(await pool.spareReady(host)).toBe(true);
        const waiting = await waitingSpare();
        process.kill(waiting.pid, 'SIGKILL');
        // Either the pool heard of its end first, or the command took it a moment before that
        // news arrived; both ways it runs exactly once.
        if (noticed) await expect.poll(async () => (await spares()).length, { timeout: 5_000 }).toBe(0);
        const marker = `/tmp/warroom-spare-once-${process.pid}-${noticed}`;
        const result = await shellPid(pool, `echo ran >> ${marker}; cat ${marker}; rm ${marker}`);
        expect(result.stdout).toBe('ran\n');
        expect(result.pid).not.toBe(waiting.pid);
      }
    });
  });

  it('killed on the host while the connection is full, its command still starts at once, in the slot it took', async () => {
    await withPool({ maxChannelsPerConnection: 2 }, async (pool) => {
      await shellPid(pool);
      let longDone = false;
      let longShell: number | undefined;
      // One slot held by a long command, the other by the spare.
      // (It takes the first spare; followedSoon starts the next one while it runs.)
      const long = exec(
        host,
        'sleep 5',
        { timeoutMs: 20_000, followedSoon: true, onPid: (pid) => (longShell = pid) },
        pool,
      ).then((r) => ((longDone = true), r));
      await expect.poll(() => longShell).toBeDefined();
      expect(await pool.spareReady(host)).toBe(true);
      // The idle spare: not the shell the long command runs in (it was a spare too).
      const idle = async () => (await spares()).filter((p) => p.pid !== longShell);
      await expect.poll(async () => (await idle()).length, { timeout: 5_000 }).toBe(1);
      const used = pool.sparesUsed;
      process.kill((await idle())[0]!.pid, 'SIGKILL');
      // Called in the same turn: the command takes the spare before the news of its end can arrive.
      const result = await shellPid(pool, 'echo ok');
      expect(pool.sparesUsed).toBe(used + 1);
      expect(result.stdout).toBe('ok\n');
      // It did not queue behind the long command for a slot.
      expect(longDone).toBe(false);
      expect((await long).status).toBe('succeeded');
    });
  });

  it('after three spares in a row end before any command took them, the connection keeps none', async () => {
    await withPool({}, async (pool) => {
      const lostBefore = await lost();
      await shellPid(pool);
      for (let i = 0; i < 3; i++) {
        expect(await pool.spareReady(host)).toBe(true);
        process.kill((await waitingSpare()).pid, 'SIGKILL');
        await expect.poll(async () => (await spares()).length, { timeout: 5_000 }).toBe(0);
        // The release of this command is what starts the next spare.
        if (i < 2) await shellPid(pool);
      }
      await shellPid(pool);
      await shellPid(pool);
      expect(await pool.spareReady(host)).toBe(false);
      expect(await spares()).toEqual([]);
      expect(pool.sparesUsed).toBe(0);
      // Counted for the dashboard: a host that cannot keep spares shows up here.
      expect(await lost()).toBe(lostBefore + 3);
    });
  });

  it('a command in a spare times out like any other: its group is killed and nothing is left', async () => {
    await withPool({}, async (pool) => {
      await shellPid(pool);
      expect(await pool.spareReady(host)).toBe(true);
      const used = pool.sparesUsed;
      const result = await exec(host, 'sleep 3588', { timeoutMs: 1_500, killGraceMs: 500 }, pool);
      expect(pool.sparesUsed).toBe(used + 1);
      expect(result).toMatchObject({ status: 'timed_out', kill: 'exited-after-term' });
      expect(await liveProcessesMatching('sleep 3588')).toEqual([]);
    });
  });

  it('holds a slot only while one is free: the sessions never exceed maxChannelsPerConnection', async () => {
    await withPool({ maxChannelsPerConnection: 3 }, async (pool) => {
      await shellPid(pool);
      expect(await pool.spareReady(host)).toBe(true);
      let most = 0;
      const sessions = async () => {
        // Each command's or spare's login shell is a direct child of its sshd session process.
        const all = await sshd.sessionProcesses(0);
        return all.filter((p) => /^sh -c (: warroom spare session|if read -r s )/.test(p.args)).length;
      };
      const sampling = (async () => {
        for (let i = 0; i < 40; i++) {
          most = Math.max(most, await sessions());
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      const results = await Promise.all(
        Array.from({ length: 7 }, () => exec(host, 'sleep 0.3', { timeoutMs: 20_000 }, pool)),
      );
      await sampling;
      expect(results.map((r) => r.status)).toEqual(Array(7).fill('succeeded'));
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThanOrEqual(3);
    });
  });

  it('is not kept by a pool told not to', async () => {
    await withPool({ spareSessions: false }, async (pool) => {
      await shellPid(pool);
      expect(await pool.spareReady(host)).toBe(false);
      await shellPid(pool);
      expect(pool.sparesUsed).toBe(0);
      expect(await spares()).toEqual([]);
    });
  });
});
