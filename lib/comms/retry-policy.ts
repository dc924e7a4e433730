/**
 * When a webhook POST is worth repeating: the receiver or the network had a
 * transient problem (no answer, timeout, 429, 5xx). Any other 4xx means the
 * request itself is wrong (bad token, removed channel) and repeating it only
 * adds noise. Pure.
 */
export type AttemptOutcome =
  | { kind: 'http'; status: number }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string }
  /** Refused before any connection (an internal address): repeating it changes nothing. */
  | { kind: 'refused'; reason: string };

export type RetryPolicy = { maxRetries: number; baseDelayMs: number; timeoutMs: number };

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, timeoutMs: 5_000 };

export function isSuccess(o: AttemptOutcome): boolean {
  return o.kind === 'http' && o.status >= 200 && o.status < 300;
}

export function isRetryable(o: AttemptOutcome): boolean {
  if (o.kind === 'refused') return false;
  if (o.kind !== 'http') return true;
  return o.status === 429 || o.status >= 500;
}

/** Delay before attempt `attempt + 1` (attempt counts from 1): 0.5 s, 1 s, 2 s … */
export function backoffMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  return policy.baseDelayMs * 2 ** (attempt - 1);
}

/** After `attempt` attempts ended in `outcome`: wait this long and try again, or stop (null). */
export function nextRetryDelay(
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number | null {
  if (isSuccess(outcome) || !isRetryable(outcome) || attempt > policy.maxRetries) return null;
  return backoffMs(attempt, policy);
}

export function describeOutcome(o: AttemptOutcome, policy: RetryPolicy = DEFAULT_RETRY_POLICY): string {
  if (o.kind === 'http') return `HTTP ${o.status}`;
  if (o.kind === 'timeout') return `no answer within ${policy.timeoutMs / 1000} s`;
  if (o.kind === 'refused') return `not sent: ${o.reason}`;
  return `network error ${o.code}`;
}
