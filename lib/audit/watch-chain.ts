import { db } from '@/lib/db';
import { logger } from '@/lib/logger';
import { metrics } from '@/lib/metrics';
import { verifyAnchoredChain } from './anchor';

/**
 * Verifies the audit chain (and its signed head) in the background, so
 * "audit chain broken" is an alert (warroom_audit_chain_ok == 0) instead of
 * something found during the post-mortem. Reads in pages; a pass over a
 * large log costs little, every 15 minutes.
 */
// Soon after start: the red banner for admins (app/(console)/_components/audit-chain-banner.tsx) must not wait long.
const FIRST_MS = 5_000;
const EVERY_MS = 15 * 60_000;

type ShutdownHook = () => void | Promise<void>;
export type ChainState = { ok: true; at: string } | { ok: false; at: string; badSeq: number; reason: string };
const g = globalThis as unknown as {
  __warroomAuditWatch?: () => void;
  __warroomShutdownHooks?: Set<ShutdownHook>;
  __warroomAuditState?: ChainState;
};

/** The last check's outcome (null before the first): admins see a red banner while it is broken. */
export function auditChainState(): ChainState | null {
  return g.__warroomAuditState ?? null;
}

export async function verifyChainNow(): Promise<boolean> {
  const m = metrics();
  const r = await verifyAnchoredChain(db);
  m.auditChainOk.set(r.ok ? 1 : 0);
  m.auditChainVerified.set(Date.now() / 1000);
  const at = new Date().toISOString();
  g.__warroomAuditState = r.ok ? { ok: true, at } : { ok: false, at, badSeq: r.badSeq, reason: r.reason };
  if (!r.ok) logger().error({ badSeq: r.badSeq, reason: r.reason }, 'audit chain broken');
  return r.ok;
}

export function startAuditWatch(): () => void {
  if (g.__warroomAuditWatch) return g.__warroomAuditWatch;
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      await verifyChainNow();
    } catch (err) {
      logger().error({ err: { message: (err as Error)?.message } }, 'audit chain check failed; retrying next interval');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void pass(), FIRST_MS);
  const timer = setInterval(() => void pass(), EVERY_MS);
  first.unref?.();
  timer.unref?.();
  const stop = () => {
    clearTimeout(first);
    clearInterval(timer);
    g.__warroomShutdownHooks?.delete(stop);
    g.__warroomAuditWatch = undefined;
  };
  (g.__warroomShutdownHooks ??= new Set()).add(stop);
  g.__warroomAuditWatch = stop;
  return stop;
}
