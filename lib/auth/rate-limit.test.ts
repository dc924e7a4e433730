import { describe, expect, it } from 'vitest';
import { ACCOUNT_LIMIT, checkLoginLimit, clearAccountFailures, recordLoginFailure } from './rate-limit';

describe('login rate limit', () => {
  it('locks an account after repeated failures and says for how long', () => {
    const now = 1_000_000;
    for (let i = 0; i < ACCOUNT_LIMIT.max; i++) recordLoginFailure('ic@tms.test', '10.0.0.1', now);
    const r = checkLoginLimit('ic@tms.test', '10.0.0.2', now + 1000);
    expect(r).toMatchObject({ limited: true, scope: 'account' });
    if (r.limited) expect(r.retryAfterSeconds).toBe(ACCOUNT_LIMIT.windowMs / 1000 - 1);
    expect(checkLoginLimit('other@tms.test', '10.0.0.2', now + 1000)).toEqual({ limited: false });
    expect(checkLoginLimit('ic@tms.test', '10.0.0.2', now + ACCOUNT_LIMIT.windowMs + 1)).toEqual({ limited: false });
  });
  it('forgets an account after a successful sign-in', () => {
    for (let i = 0; i < ACCOUNT_LIMIT.max; i++) recordLoginFailure('x@tms.test', '10.0.0.9');
    clearAccountFailures('x@tms.test');
    expect(checkLoginLimit('x@tms.test', '10.0.0.10')).toEqual({ limited: false });
  });
});
