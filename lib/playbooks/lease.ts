/**
 * Run leases: a running run is owned by the process that renews its lease.
 * Pure: rows and a clock in, decisions out.
 */

/** How long a lease lasts without renewal. A runner renews every HEARTBEAT_MS. */
export const LEASE_TTL_MS = 15_000;
export const HEARTBEAT_MS = 3_000;

export type LeaseRow = { id: number; status: string; leaseOwner: string | null; leaseExpiresAt: Date | null };

export const LEASED_STATUSES = ['running', 'stopping'] as const;

export function leaseExpiry(now: Date, ttlMs = LEASE_TTL_MS): Date {
  return new Date(now.getTime() + ttlMs);
}

/** A run that should be owned by a live runner, but whose lease ran out (or was never written). */
export function isLeaseLapsed(run: LeaseRow, now: Date): boolean {
  if (!(LEASED_STATUSES as readonly string[]).includes(run.status)) return false;
  return run.leaseExpiresAt === null || run.leaseExpiresAt.getTime() < now.getTime();
}

/** A unique name for this runner process: which machine, which PID, which start. */
export function leaseOwnerName(hostname: string, pid: number, nonce: string): string {
  return `${hostname}:${pid}:${nonce}`;
}
