import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '@/lib/ssh/connection-pool';
import { exec } from '@/lib/ssh/exec';
import { fetchHostKey } from '@/lib/ssh/fetch-host-key';
import { generateEd25519KeyPair } from '@/lib/ssh/keygen';
import { startTestHosts, type TestHosts } from '@/tests/support/sshd';

const run = promisify(execFile);
let sshd: TestHosts;
const pool = new ConnectionPool();

beforeAll(async () => {
  sshd = await startTestHosts(2);
});

afterAll(async () => {
  await pool.closeAll();
  await sshd?.stop();
});

function markerPath(name: string): string {
  return `/tmp/warroom-marker-${name}-${process.pid}-${Date.now()}`;
}

describe('host key pinning', () => {
  it('computes the same SHA256 fingerprint as ssh-keygen -lf, also when fetched over the wire', async () => {
    const { stdout } = await run('ssh-keygen', ['-lf', sshd.hostKeyPubPath(0)]);
    const expected = stdout.split(' ')[1];
    expect(sshd.host(0).hostKeyPin).toBe(expected);
    const fetched = await fetchHostKey('127.0.0.1', sshd.host(0).port);
    expect(fetched).toEqual({ keyType: 'ssh-ed25519', fingerprint: expected });
  });

  it('refuses an unpinned host before anything runs', async () => {
    const marker = markerPath('unknown');
    const result = await exec({ ...sshd.host(0), hostKeyPin: null }, `touch ${marker}`, { timeoutMs: 10_000 }, pool);
    expect(result.status).toBe('host_key_unknown');
    expect(result.hostKey).toEqual({ expected: null, actual: sshd.host(0).hostKeyPin, keyType: 'ssh-ed25519' });
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses a host whose key changed between two runs, and the marker command never runs', async () => {
    const host = sshd.host(1);
    const before = await exec(host, 'echo first', { timeoutMs: 10_000 }, pool);
    expect(before.status).toBe('succeeded');

    const newPin = await sshd.restartWithNewHostKey(1);
    expect(newPin).not.toBe(host.hostKeyPin);

    const marker = markerPath('changed');
    const after = await exec(host, `touch ${marker}`, { timeoutMs: 10_000 }, pool);
    expect(after.status).toBe('host_key_changed');
    expect(after.hostKey).toEqual({ expected: host.hostKeyPin, actual: newPin, keyType: 'ssh-ed25519' });
    expect(after.message).toContain('host key changed');
    expect(existsSync(marker)).toBe(false);

    const repinned = await exec(
      { ...host, hostKeyPin: newPin },
      `touch ${marker}; echo ok`,
      { timeoutMs: 10_000 },
      pool,
    );
    expect(repinned.stdout).toBe('ok\n');
    await rm(marker, { force: true });
  });

  it('refuses a wrong pin even on first contact', async () => {
    const wrong = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const result = await exec({ ...sshd.host(0), hostKeyPin: wrong }, 'true', { timeoutMs: 10_000 }, pool);
    expect(result.status).toBe('host_key_changed');
    expect(result.hostKey?.expected).toBe(wrong);
  });
});

describe('connection failures', () => {
  it('reports auth_failed for a key the host does not know', async () => {
    const stranger = generateEd25519KeyPair('stranger');
    const result = await exec(
      { ...sshd.host(0), privateKey: stranger.privateKey },
      'true',
      { timeoutMs: 10_000 },
      pool,
    );
    expect(result.status).toBe('auth_failed');
    expect(result.message).toMatch(/authentication/i);
  });

  it('reports auth_failed for an unparseable key', async () => {
    const result = await exec({ ...sshd.host(0), privateKey: 'not a key' }, 'true', { timeoutMs: 10_000 }, pool);
    expect(result.status).toBe('auth_failed');
  });

  it('reports host_unreachable for a refused port', async () => {
    const closedPort = sshd.host(0).port + 0;
    await sshd.kill(0);
    try {
      const result = await exec({ ...sshd.host(0), port: closedPort }, 'true', { timeoutMs: 10_000 }, pool);
      expect(result.status).toBe('host_unreachable');
      expect(result.message).toContain('ECONNREFUSED');
    } finally {
      await sshd.start(0);
    }
  });

  it('reports host_unreachable when the probe cannot connect', async () => {
    await expect(fetchHostKey('127.0.0.1', 1)).rejects.toMatchObject({ code: 'ssh:host-unreachable' });
  });
});
