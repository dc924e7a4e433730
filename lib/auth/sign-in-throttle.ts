import 'server-only';
import type { Tx } from '@/lib/db';
import { bookkeeping } from '@/lib/mutations/bookkeeping';

/**
 * Sign-in throttling that holds and never locks the owner out.
 *
 * - Counted BEFORE the password is checked, with one conditional UPDATE per
 *   attempt (`WHERE attempts = <what we read>`): of 20 parallel wrong
 *   passwords at most PAIR.free reach the hash, the rest are refused before it.
 * - Per (account, address): a few free attempts, then each one waits twice
 *   as long as the last (30 s, 1 min, 2 min … 15 min).
 * - Per account, over every address: a slower ceiling (a botnet spraying one
 *   account from many addresses gets one try a minute) — but an address that
 *   has signed in to that account before is exempt, so a stranger's failures
 *   cannot keep the commander out mid-incident.
 * - In the database (bookkeeping, not audited one by one), so a second
 *   instance shares the allowance instead of doubling it.
 */
export const PAIR = { free: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 };
export const ACCOUNT = { free: 20, delayMs: 60_000 };
/** Counters older than this start again from zero. */
export const WINDOW_MS = 15 * 60_000;

export function pairDelayMs(attempts: number): number {
  if (attempts < PAIR.free) return 0;
  return Math.min(PAIR.baseDelayMs * 2 ** (attempts - PAIR.free), PAIR.maxDelayMs);
}

export function accountDelayMs(attempts: number): number {
  return attempts < ACCOUNT.free ? 0 : ACCOUNT.delayMs;
}

export type ThrottleDecision = { ok: true } | { ok: false; scope: 'pair' | 'account'; retryAfterSeconds: number };

const pairKey = (email: string, address: string) => `p:${email}|${address}`;
const accountKey = (email: string) => `a:${email}`;

/** Takes one attempt from the allowance, or refuses. Call before verifying the password. */
export function takeSignInAttempt(email: string, address: string, now = new Date()): Promise<ThrottleDecision> {
  return bookkeeping('sign-in-throttle', async (tx) => {
    const pair = await take(tx, pairKey(email, address), pairDelayMs, now);
    if (!pair.ok) return { ok: false, scope: 'pair', retryAfterSeconds: pair.retryAfterSeconds };
    if (pair.knownAddress) return { ok: true };
    const account = await take(tx, accountKey(email), accountDelayMs, now);
    if (!account.ok) return { ok: false, scope: 'account', retryAfterSeconds: account.retryAfterSeconds };
    return { ok: true };
  });
}

/** The password was right: this address starts again and is known for this account from now on. */
export function recordSignInSuccess(email: string, address: string, now = new Date()): Promise<void> {
  return bookkeeping('sign-in-throttle', async (tx) => {
    await tx.loginThrottle.updateMany({
      where: { key: pairKey(email, address) },
      data: { attempts: 0, nextAt: now, succeededAt: now },
    });
  });
}

type Take = { ok: true; knownAddress: boolean } | { ok: false; retryAfterSeconds: number };

async function take(tx: Tx, key: string, delay: (attempts: number) => number, now: Date): Promise<Take> {
  // Transactions here open with BEGIN IMMEDIATE (lib/db.ts), so the read and
  // the UPDATE see no other writer; the UPDATE is conditional anyway, so the
  // count holds on a database that runs them concurrently (PostgreSQL). A
  // lost race is retried a few times, one conditional UPDATE each.
  for (let round = 0; round < 3; round++) {
    const row = await tx.loginThrottle.findUnique({ where: { key } });
    if (!row) {
      await tx.loginThrottle.create({ data: { key, attempts: 1, nextAt: new Date(now.getTime() + delay(1)) } });
      return { ok: true, knownAddress: false };
    }
    const knownAddress = row.succeededAt !== null;
    if (row.nextAt > now) return { ok: false, retryAfterSeconds: secondsUntil(row.nextAt, now) };
    const stale = now.getTime() - row.updatedAt.getTime() > WINDOW_MS;
    const attempts = (stale ? 0 : row.attempts) + 1;
    const { count } = await tx.loginThrottle.updateMany({
      where: { key, attempts: row.attempts, nextAt: row.nextAt },
      data: { attempts, nextAt: new Date(now.getTime() + delay(attempts)) },
    });
    if (count === 1) return { ok: true, knownAddress };
  }
  return { ok: false, retryAfterSeconds: 1 };
}

function secondsUntil(at: Date, now: Date): number {
  return Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));
}
