import { describe, expect, it } from 'vitest';
import { backoffDelay, describeStatus } from './stream-client';

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap, jittered between half and all of it', () => {
    const low = [0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, () => 0, 500, 10_000));
    const high = [0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, () => 1, 500, 10_000));
    expect(high).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(low).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(3, () => 0.5, 500, 10_000)).toBe(3000);
  });
  it('stays finite for a tab that has been offline all night', () => {
    expect(backoffDelay(10_000, () => 1, 500, 10_000)).toBe(10_000);
  });
});

describe('describeStatus', () => {
  const now = 1_000_000;
  it.each([
    [{ state: 'live' as const }, 'live'],
    [{ state: 'connecting' as const }, 'connecting…'],
    [{ state: 'offline' as const, retryAt: now + 3200, reason: 'x' }, 'offline — retrying in 4 s'],
    [{ state: 'offline' as const, retryAt: now - 1, reason: 'x' }, 'offline — retrying now…'],
    [{ state: 'ended' as const }, 'session ended — sign in'],
  ])('%j → %s', (status, text) => {
    expect(describeStatus(status, now)).toBe(text);
  });
  it('a gone channel says so whatever the connection does', () => {
    expect(describeStatus({ state: 'live' }, now, true)).toBe('gone — it no longer exists');
  });
});
