/**
 * Sign-in throttling per account and per client address: a sliding window
 * of failures. In memory: one warroom process serves one team; several
 * instances behind a balancer would each keep their own window.
 */
type Window = { failures: number[] };

export const ACCOUNT_LIMIT = { max: 5, windowMs: 15 * 60_000 };
export const ADDRESS_LIMIT = { max: 30, windowMs: 15 * 60_000 };

const globalForLimit = globalThis as unknown as { __warroomLoginLimits?: Map<string, Window> };
const windows: Map<string, Window> = (globalForLimit.__warroomLoginLimits ??= new Map());

function prune(key: string, windowMs: number, now: number): number[] {
  const w = windows.get(key);
  if (!w) return [];
  w.failures = w.failures.filter((t) => now - t < windowMs);
  if (!w.failures.length) windows.delete(key);
  return w.failures;
}

export type LimitCheck =
  { limited: false } | { limited: true; retryAfterSeconds: number; scope: 'account' | 'address' };

export function checkLoginLimit(email: string, address: string, now = Date.now()): LimitCheck {
  for (const [scope, key, limit] of [
    ['account', `a:${email}`, ACCOUNT_LIMIT],
    ['address', `i:${address}`, ADDRESS_LIMIT],
  ] as const) {
    const failures = prune(key, limit.windowMs, now);
    const oldest = failures[0];
    if (oldest !== undefined && failures.length >= limit.max) {
      return { limited: true, scope, retryAfterSeconds: Math.ceil((oldest + limit.windowMs - now) / 1000) };
    }
  }
  return { limited: false };
}

export function recordLoginFailure(email: string, address: string, now = Date.now()): void {
  for (const key of [`a:${email}`, `i:${address}`]) {
    const w = windows.get(key) ?? { failures: [] };
    w.failures.push(now);
    windows.set(key, w);
  }
}

export function clearAccountFailures(email: string): void {
  windows.delete(`a:${email}`);
}
