import { describe, expect, it } from 'vitest';
import { isLeaseLapsed, leaseExpiry } from './lease';
import { planReconcile } from './reconcile';

const now = new Date('2026-01-12T05:54:07Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('leases', () => {
  it('lapse only for running runs whose lease is past (or missing)', () => {
    expect(isLeaseLapsed({ id: 1, status: 'running', leaseOwner: 'a', leaseExpiresAt: ago(1) }, now)).toBe(true);
    expect(isLeaseLapsed({ id: 1, status: 'running', leaseOwner: 'a', leaseExpiresAt: leaseExpiry(now) }, now)).toBe(
      false,
    );
    expect(isLeaseLapsed({ id: 1, status: 'stopping', leaseOwner: null, leaseExpiresAt: null }, now)).toBe(true);
    expect(isLeaseLapsed({ id: 1, status: 'succeeded', leaseOwner: 'a', leaseExpiresAt: ago(60_000) }, now)).toBe(
      false,
    );
    expect(isLeaseLapsed({ id: 1, status: 'requested', leaseOwner: null, leaseExpiresAt: null }, now)).toBe(false);
  });
});

describe('planReconcile', () => {
  it('interrupts lapsed runs, kills known process groups, names the unknown ones, leaves live runs alone', () => {
    const runs = [
      { id: 1, status: 'running', leaseOwner: 'dead', leaseExpiresAt: ago(20_000) },
      { id: 2, status: 'running', leaseOwner: 'alive', leaseExpiresAt: leaseExpiry(now) },
    ];
    const steps = [
      { id: 's1', runId: 1, hostId: 'h1', hostName: 'web-1', status: 'running', pgid: 4242 },
      { id: 's2', runId: 1, hostId: 'h2', hostName: 'web-2', status: 'running', pgid: null },
      { id: 's3', runId: 1, hostId: 'h1', hostName: 'web-1', status: 'succeeded', pgid: 4000 },
      { id: 's4', runId: 1, hostId: 'h3', hostName: 'web-3', status: 'waiting', pgid: null },
      { id: 's5', runId: 2, hostId: 'h1', hostName: 'web-1', status: 'running', pgid: 5000 },
    ];
    expect(planReconcile(runs, steps, now)).toEqual([
      {
        runId: 1,
        steps: ['s1', 's2', 's4'],
        kills: [{ stepResultId: 's1', hostId: 'h1', hostName: 'web-1', pgid: 4242 }],
        unknown: [{ stepResultId: 's2', hostName: 'web-2' }],
      },
    ]);
  });
});
