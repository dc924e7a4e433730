import {
  DEFAULT_RETRY_POLICY,
  describeOutcome,
  isSuccess,
  nextRetryDelay,
  type AttemptOutcome,
  type RetryPolicy,
} from './retry-policy';

export type DeliveryResult = { ok: boolean; attempts: number; outcome: AttemptOutcome; detail: string };

/**
 * POSTs JSON to a webhook with a per-attempt timeout and retries with
 * exponential backoff. Never throws, and never puts the URL into what it
 * returns: errors are reduced to a status or an error code.
 */
export async function postWebhook(
  url: string,
  payload: unknown,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<DeliveryResult> {
  const body = JSON.stringify(payload);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(url, body, policy.timeoutMs);
    const delay = nextRetryDelay(outcome, attempt, policy);
    if (delay === null)
      return { ok: isSuccess(outcome), attempts: attempt, outcome, detail: describeOutcome(outcome, policy) };
    await new Promise((r) => setTimeout(r, delay));
  }
}

async function attemptOnce(url: string, body: string, timeoutMs: number): Promise<AttemptOutcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'warroom-webhook/1' },
      body,
      // A redirect would send the payload somewhere nobody configured.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Free the connection; the receiver's answer body is not needed.
    await res.body?.cancel().catch(() => {});
    return { kind: 'http', status: res.status };
  } catch (err) {
    if (isTimeout(err)) return { kind: 'timeout' };
    return { kind: 'network', code: errorCode(err) };
  }
}

function isTimeout(err: unknown): boolean {
  const name = (err as Error)?.name;
  const causeName = ((err as { cause?: Error })?.cause as Error | undefined)?.name;
  return name === 'TimeoutError' || causeName === 'TimeoutError' || (name === 'AbortError' && causeName !== undefined);
}

// Only a code: undici's messages can carry the address it tried.
function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } })?.cause;
  const code = cause?.code ?? (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? code : 'FETCH_FAILED';
}
