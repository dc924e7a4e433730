import { describe, expect, it } from 'vitest';
import type { ExecOutput } from '@/lib/ssh/types';
import { STATUS_CODES, hintFor, isHostKeyRefusal, reportConnectionTest, testAuditPayload } from './connection-report';

const host = { name: 'web-1', address: '10.0.4.12', port: 2222, username: 'deploy' };
const result = (over: Partial<ExecOutput>): ExecOutput => ({
  status: 'succeeded',
  exitCode: 0,
  signal: null,
  durationMs: 12,
  truncated: false,
  stdout: '',
  stderr: '',
  ...over,
});
const PIN = 'SHA256:' + 'A'.repeat(43);
const NEW = 'SHA256:' + 'B'.repeat(43);

describe('reportConnectionTest', () => {
  it('shows the first line of id as the summary on success', () => {
    const r = reportConnectionTest(host, result({ stdout: 'uid=1001(deploy) gid=1001(deploy) groups=1001(deploy)\n' }));
    expect(r).toMatchObject({
      ok: true,
      code: 'OK',
      summary: 'uid=1001(deploy) gid=1001(deploy) groups=1001(deploy)',
      hint: '',
      durationMs: 12,
    });
  });

  it('names a changed host key with both fingerprints, says nothing ran, and advises on re-pinning', () => {
    const r = reportConnectionTest(
      host,
      result({
        status: 'host_key_changed',
        exitCode: null,
        message: 'x',
        hostKey: { expected: PIN, actual: NEW, keyType: 'ssh-ed25519' },
      }),
    );
    expect(r.code).toBe('HOST_KEY_CHANGED');
    expect(r.ok).toBe(false);
    expect(r.summary).toBe(`HOST_KEY_CHANGED: host key changed: expected ${PIN}, got ssh-ed25519 ${NEW}. Nothing ran.`);
    expect(r.hint).toContain(`presented ssh-ed25519 ${NEW} instead of the pinned ${PIN}`);
    expect(r.hint).toMatch(/man-in-the-middle/);
    expect(r.hostKey).toEqual({ expected: PIN, actual: NEW, keyType: 'ssh-ed25519' });
  });

  it('names an unknown host key', () => {
    const r = reportConnectionTest(
      host,
      result({ status: 'host_key_unknown', hostKey: { expected: null, actual: NEW, keyType: 'ssh-ed25519' } }),
    );
    expect(r.summary).toMatch(
      /^HOST_KEY_UNKNOWN: no pinned host key; the host presented ssh-ed25519 SHA256:B+\. Nothing ran\.$/,
    );
  });

  it('uses the executor message for other failures and points at the fix', () => {
    const r = reportConnectionTest(
      host,
      result({ status: 'auth_failed', message: 'All configured authentication methods failed' }),
    );
    expect(r.summary).toBe('AUTH_FAILED: All configured authentication methods failed');
    expect(r.hint).toContain('~deploy/.ssh/authorized_keys');
    expect(hintFor('host_unreachable', host)).toContain('10.0.4.12:2222');
  });

  it('caps long output and summaries', () => {
    const r = reportConnectionTest(host, result({ stdout: 'x'.repeat(10_000) }));
    expect(r.output.length).toBe(4_000);
    expect(r.summary.length).toBe(300);
  });

  it('has a code and a hint for every executor status', () => {
    for (const status of Object.keys(STATUS_CODES) as (keyof typeof STATUS_CODES)[]) {
      const r = reportConnectionTest(host, result({ status, message: 'm' }));
      expect(r.code).toMatch(/^[A-Z_]+$/);
      if (status !== 'succeeded') expect(r.hint.length).toBeGreaterThan(10);
    }
  });
});

describe('testAuditPayload', () => {
  it('records status and timing but never output', () => {
    const r = reportConnectionTest(host, result({ stdout: 'uid=0(root) secret-ish\n', stderr: 'warn' }));
    const payload = testAuditPayload(r);
    expect(payload).toEqual({ status: 'succeeded', code: 'OK', durationMs: 12, exitCode: 0 });
    expect(JSON.stringify(payload)).not.toContain('uid=');
  });
});

it('isHostKeyRefusal', () => {
  expect(isHostKeyRefusal('host_key_changed')).toBe(true);
  expect(isHostKeyRefusal('host_key_unknown')).toBe(true);
  expect(isHostKeyRefusal('auth_failed')).toBe(false);
  expect(isHostKeyRefusal(null)).toBe(false);
});
