import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { getEnv } from '@/lib/env';
import { checkDestination, parseAllowList, type Resolver } from './webhook-destination';
import {
  DEFAULT_RETRY_POLICY,
  describeOutcome,
  isSuccess,
  nextRetryDelay,
  type AttemptOutcome,
  type RetryPolicy,
} from './retry-policy';

export type DeliveryResult = { ok: boolean; attempts: number; outcome: AttemptOutcome; detail: string };

/** Tests answer DNS themselves (10.x, 169.254.169.254 …) and may connect to loopback only. */
export type PostDeps = { resolve?: Resolver; allowInternal?: string };

/**
 * POSTs JSON to a webhook with a per-attempt timeout and retries with
 * exponential backoff. Never throws, and never puts the URL into what it
 * returns: errors are reduced to a status or an error code.
 *
 * Each attempt resolves the name, refuses internal addresses
 * (lib/comms/webhook-destination.ts) BEFORE any connection, and connects to
 * exactly the address it checked. node:http rather than fetch: fetch cannot
 * be pinned to an address, so it would resolve the name a second time.
 */
export async function postWebhook(
  url: string,
  payload: unknown,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  deps: PostDeps = {},
): Promise<DeliveryResult> {
  const body = JSON.stringify(payload);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(url, body, policy.timeoutMs, deps);
    const delay = nextRetryDelay(outcome, attempt, policy);
    if (delay === null)
      return { ok: isSuccess(outcome), attempts: attempt, outcome, detail: describeOutcome(outcome, policy) };
    await new Promise((r) => setTimeout(r, delay));
  }
}

async function attemptOnce(url: string, body: string, timeoutMs: number, deps: PostDeps): Promise<AttemptOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { kind: 'refused', reason: 'the URL is not valid' };
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return { kind: 'refused', reason: 'not http(s)' };
  const destination = await checkDestination(target, {
    resolve: deps.resolve,
    allow: parseAllowList(deps.allowInternal ?? getEnv().WARROOM_WEBHOOK_ALLOW_INTERNAL),
  });
  if (!destination.ok) return { kind: 'refused', reason: destination.reason };

  // The checked address, whatever the name resolves to by now.
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: destination.address, family: destination.family },
      ]);
    } else callback(null, destination.address, destination.family);
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    const done = (o: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        lookup: pinned,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'warroom-webhook/1',
        },
        // One connection per attempt: a pooled socket would skip the check above.
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        // A redirect is not followed (node:http never does): it would send the payload somewhere nobody configured.
        res.resume();
        done({ kind: 'http', status: res.statusCode ?? 0 });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      done({ kind: 'timeout' });
    });
    req.on('error', (err) => done({ kind: 'network', code: errorCode(err) }));
    req.end(body);
  });
}

// Only a code: error messages can carry the address that was tried.
function errorCode(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? code : 'REQUEST_FAILED';
}
