import { describe, expect, it } from 'vitest';
import { checkMetricsAuth } from './metrics-auth';

const token = 'x'.repeat(12) + 'metrics-token-0123';

describe('checkMetricsAuth', () => {
  it('accepts exactly the configured bearer token', () => {
    expect(checkMetricsAuth(`Bearer ${token}`, token)).toBe('ok');
    expect(checkMetricsAuth(`bearer ${token}`, token)).toBe('ok');
  });
  it('refuses a missing, malformed or different token', () => {
    expect(checkMetricsAuth(null, token)).toBe('missing');
    expect(checkMetricsAuth(`Basic ${token}`, token)).toBe('missing');
    expect(checkMetricsAuth(`Bearer ${token}x`, token)).toBe('wrong');
    expect(checkMetricsAuth(`Bearer ${token.slice(1)}`, token)).toBe('wrong');
  });
  it('refuses everything when no token is configured', () => {
    expect(checkMetricsAuth(`Bearer ${token}`, null)).toBe('unconfigured');
  });
});
