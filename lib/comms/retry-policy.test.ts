import { describe, expect, it } from 'vitest';
import { backoffMs, describeOutcome, isRetryable, nextRetryDelay, type AttemptOutcome } from './retry-policy';

const http = (status: number): AttemptOutcome => ({ kind: 'http', status });

describe('webhook retry policy', () => {
  it('retries network errors, timeouts, 429 and 5xx — not other 4xx', () => {
    expect(isRetryable({ kind: 'network', code: 'ECONNREFUSED' })).toBe(true);
    expect(isRetryable({ kind: 'timeout' })).toBe(true);
    expect(isRetryable(http(429))).toBe(true);
    expect(isRetryable(http(500))).toBe(true);
    expect(isRetryable(http(503))).toBe(true);
    for (const s of [400, 401, 403, 404, 410]) expect(isRetryable(http(s)), String(s)).toBe(false);
  });

  it('backs off 0.5, 1, 2 s and stops after 3 retries (4 attempts)', () => {
    expect([1, 2, 3].map((a) => backoffMs(a))).toEqual([500, 1000, 2000]);
    expect(nextRetryDelay(http(500), 1)).toBe(500);
    expect(nextRetryDelay(http(500), 3)).toBe(2000);
    expect(nextRetryDelay(http(500), 4)).toBeNull();
    expect(nextRetryDelay(http(200), 1)).toBeNull();
    expect(nextRetryDelay(http(400), 1)).toBeNull();
  });

  it('describes outcomes without any address', () => {
    expect(describeOutcome(http(500))).toBe('HTTP 500');
    expect(describeOutcome({ kind: 'timeout' })).toBe('no answer within 5 s');
    expect(describeOutcome({ kind: 'network', code: 'ECONNREFUSED' })).toBe('network error ECONNREFUSED');
  });
});
