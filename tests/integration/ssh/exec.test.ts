import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import type { HostTarget } from '@/lib/ssh/types';
import { startTestHosts, type TestHosts } from '@/tests/support/sshd';

let sshd: TestHosts;
let host: HostTarget;
// Each command starts either in a channel of its own or in the connection's spare session; both ways must behave alike.
const pools = { 'exec requests': new ConnectionPool({ spareSessions: false }), 'spare sessions': new ConnectionPool() };

beforeAll(async () => {
  sshd = await startTestHosts(1);
  host = sshd.host(0);
});

afterAll(async () => {
  await Promise.all(Object.values(pools).map((p) => p.closeAll()));
  await sshd?.stop();
});

describe.each(Object.entries(pools))('exec against a real sshd, commands started in %s', (how, pool) => {
  it('reports success, stdout, and the remote PID without the PID line', async () => {
    const result = await exec(host, 'echo hello; id -un', { timeoutMs: 10_000 }, pool);
    expect(result.status).toBe('succeeded');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('hello\nwarroom-test\n');
    expect(result.stdout).not.toContain('__WARROOM_PID');
    expect(result.pid).toBeGreaterThan(1);
  });

  it('reports a non-zero exit code and stderr as failure', async () => {
    const result = await exec(host, 'echo out; echo "bad thing" >&2; exit 42', { timeoutMs: 10_000 }, pool);
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(42);
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toBe('bad thing\n');
  });

  it('runs the command text verbatim, quotes and all', async () => {
    const result = await exec(host, `printf '%s|' "it's" 'a "b"' '$HOME'`, { timeoutMs: 10_000 }, pool);
    expect(result.stdout).toBe(`it's|a "b"|$HOME|`);
  });

  it('passes env values literally', async () => {
    const result = await exec(
      host,
      'printf %s "$PLAN"',
      { timeoutMs: 10_000, env: { PLAN: "$(touch /tmp/x) 'q'" } },
      pool,
    );
    expect(result.stdout).toBe("$(touch /tmp/x) 'q'");
  });

  it('gives commands EOF on stdin instead of hanging', async () => {
    const result = await exec(host, 'cat; echo done', { timeoutMs: 10_000 }, pool);
    expect(result.status).toBe('succeeded');
    expect(result.stdout).toBe('done\n');
  });

  it('masks a secret split across chunks, in the stream and in the result', async () => {
    const chunks: string[] = [];
    const result = await exec(
      host,
      `printf 'token=ab'; sleep 0.3; printf 'cdef'; sleep 0.3; printf ' and again abcdef\\n'; printf 'abc' >&2; sleep 0.3; printf 'def\\n' >&2`,
      { timeoutMs: 10_000, secrets: ['abcdef'], onChunk: (stream, text) => chunks.push(`${stream}:${text}`) },
      pool,
    );
    expect(result.stdout).toBe('token=*** and again ***\n');
    expect(result.stderr).toBe('***\n');
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).not.toMatch(/ab|cdef|def/);
  });

  it('caps 50 MB of output at head + tail with memory staying bounded', async () => {
    const cap = 2 * 1024 * 1024;
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let streamed = 0;
    const result = await exec(
      host,
      `echo FIRST; head -c 52428800 /dev/zero | tr '\\0' 'a'; echo; echo LAST`,
      {
        timeoutMs: 60_000,
        maxBytesPerStream: cap,
        onChunk: (_stream, text) => {
          streamed += text.length;
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
        },
      },
      pool,
    );
    expect(result.status).toBe('succeeded');
    expect(result.truncated).toBe(true);
    expect(streamed).toBeGreaterThan(52_428_800);
    expect(result.stdout.startsWith('FIRST\naaaa')).toBe(true);
    expect(result.stdout.endsWith('aaaa\nLAST\n')).toBe(true);
    expect(result.stdout).toMatch(/…\[\d+ bytes truncated\]…/);
    expect(Math.abs(result.stdout.length - cap)).toBeLessThan(100);
    expect(peakRss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('runs more than 8 concurrent commands on one connection, at most 8 at a time', async () => {
    const slots = await mkdtemp(join(tmpdir(), 'warroom-slots-'));
    await chmod(slots, 0o777);
    try {
      const command = `touch ${slots}/$$; sleep 0.4; ls ${slots} | wc -l; rm ${slots}/$$`;
      const results = await Promise.all(
        Array.from({ length: 20 }, () => exec(host, command, { timeoutMs: 30_000 }, pool)),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill('succeeded'));
      const concurrent = results.map((r) => Number(r.stdout.trim()));
      expect(Math.max(...concurrent)).toBeLessThanOrEqual(8);
      expect(Math.max(...concurrent)).toBeGreaterThan(1);
      expect(pool.size).toBe(1);
      // By now this pool has run several commands one after another: the spare took its share.
      expect(pool.sparesUsed > 0).toBe(how === 'spare sessions');
    } finally {
      await rm(slots, { recursive: true, force: true });
    }
  });

  it('closes idle connections and reconnects on the next command', async () => {
    const shortLived = new ConnectionPool({ idleTimeoutMs: 300 });
    try {
      expect((await exec(host, 'true', { timeoutMs: 10_000 }, shortLived)).status).toBe('succeeded');
      expect(shortLived.size).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(shortLived.size).toBe(0);
      expect((await exec(host, 'echo again', { timeoutMs: 10_000 }, shortLived)).stdout).toBe('again\n');
    } finally {
      await shortLived.closeAll();
    }
  });
});
