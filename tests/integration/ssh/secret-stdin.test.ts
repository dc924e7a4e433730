import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import type { HostTarget } from '@/lib/ssh/types';
import { startTestHosts, TEST_USER, type TestHosts } from '@/tests/support/sshd';

const run = promisify(execFile);
let sshd: TestHosts;
let host: HostTarget;
const pools = {
  'an exec request': new ConnectionPool({ spareSessions: false }),
  'a spare session': new ConnectionPool(),
};
const SECRET = "hunter2-$(touch /tmp/warroom-secret-marker)-'q'-`id`";

beforeAll(async () => {
  sshd = await startTestHosts(1);
  host = sshd.host(0);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all(Object.values(pools).map((p) => p.closeAll()));
  await sshd?.stop();
});

/** Every command line of the test user's processes, read from /proc as the kernel shows it to `ps`. */
async function testUserCommandLines(): Promise<string> {
  const { stdout } = await run('ps', ['-u', TEST_USER, '-o', 'args=']);
  return stdout;
}

describe.each(Object.entries(pools))('secrets reach the command over stdin, started in %s', (how, pool) => {
  it('never appear in the exec request, in ps, or in the output, yet the command gets them intact', async () => {
    // Connected, with the spare (if any) started: the command below is this pool's second.
    expect((await exec(host, 'true', { timeoutMs: 10_000 }, pool)).status).toBe('succeeded');
    expect(await pool.spareReady(host)).toBe(how === 'a spare session');
    const sparesBefore = pool.sparesUsed;
    const requests: string[] = [];
    const original = Client.prototype.exec;
    type Exec = (this: Client, ...args: unknown[]) => Client;
    const spy = vi.spyOn(Client.prototype, 'exec').mockImplementation(function (this: Client, ...args: unknown[]) {
      requests.push(String(args[0]));
      return (original as unknown as Exec).apply(this, args);
    } as Exec);
    let firstChunk!: () => void;
    const started = new Promise<void>((resolve) => (firstChunk = resolve));
    const [result, seenInPs] = await Promise.all([
      exec(
        host,
        // The hash proves the value arrived byte for byte; the echo proves output masking.
        'printf %s "$TOKEN" | sha256sum; echo "token is $TOKEN"; sleep 2',
        { timeoutMs: 20_000, secretEnv: { TOKEN: SECRET }, onChunk: () => firstChunk() },
        pool,
      ),
      // Sampled while the command still runs (it sleeps after printing).
      started.then(testUserCommandLines),
    ]);
    spy.mockRestore();

    expect(result.status).toBe('succeeded');
    const expected = createHash('sha256').update(SECRET).digest('hex');
    expect(result.stdout).toBe(`${expected}  -\ntoken is ***\n`);
    for (const request of requests) expect(request).not.toContain('hunter2');
    if (how === 'a spare session') {
      // The wrapper went on the spare's stdin; the only exec request is the next spare's.
      expect(pool.sparesUsed).toBe(sparesBefore + 1);
      expect(requests.some((r) => r.includes('TOKEN'))).toBe(false);
    } else {
      expect(pool.sparesUsed).toBe(0);
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) expect(request).toContain('TOKEN');
    }
    expect(seenInPs).toContain('sleep 2');
    expect(seenInPs).not.toContain('hunter2');
    const marker = await run('test', ['-e', '/tmp/warroom-secret-marker']).then(
      () => true,
      () => false,
    );
    expect(marker).toBe(false);
  });

  it('leaves the rest of stdin empty for the command, so it never waits', async () => {
    const result = await exec(host, 'cat; echo "done $TOKEN"', { timeoutMs: 10_000, secretEnv: { TOKEN: 'x1' } }, pool);
    expect(result).toMatchObject({ status: 'succeeded', stdout: 'done ***\n' });
  });
});
