import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import { startTestHosts, type TestHosts } from '@/tests/support/sshd';

let sshd: TestHosts;

beforeAll(async () => {
  sshd = await startTestHosts(20);
});

afterAll(async () => {
  await sshd?.stop();
});

describe('one command on 20 hosts at once', () => {
  // Regression: a fast command's exit-status can arrive in the same TCP read as
  // the exec confirmation; it must still be seen (it was reported `disconnected`).
  it('gets an exit status from every host, cold and warm, round after round', async () => {
    const pool = new ConnectionPool();
    try {
      for (let round = 0; round < 6; round++) {
        if (round === 3) await pool.closeAll();
        const results = await Promise.all(sshd.hosts.map((host) => exec(host, 'true', { timeoutMs: 30_000 }, pool)));
        expect(results.map((r) => `${r.status}:${r.exitCode}`)).toEqual(Array(20).fill('succeeded:0'));
      }
      expect(pool.size).toBe(20);
    } finally {
      await pool.closeAll();
    }
  });

  it('keeps each host’s output separate', async () => {
    const pool = new ConnectionPool();
    try {
      const results = await Promise.all(
        sshd.hosts.map((host) => exec(host, `echo ${host.port}`, { timeoutMs: 30_000 }, pool)),
      );
      expect(results.map((r) => r.stdout)).toEqual(sshd.hosts.map((host) => `${host.port}\n`));
    } finally {
      await pool.closeAll();
    }
  });
});
