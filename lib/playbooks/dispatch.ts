import 'server-only';
import { db } from '@/lib/db';
import { logger } from '@/lib/logger';
import { realtimeBus } from '@/lib/realtime/bus';
import type { Actor } from '@/lib/audit/actor';
import { executeRun, wakeRun } from './runner';

/**
 * Starts runs once the transaction that requested them has committed: the
 * request action publishes on DISPATCH_CHANNEL (published only after
 * commit), and the runner of this process claims the run. Claiming is one
 * conditional update, so two processes can never both run it.
 *
 * Secret values are never stored: the request hands them over in memory,
 * here, for the minute it takes to start.
 */

export const DISPATCH_CHANNEL = 'runner';
const SECRETS_TTL_MS = 60_000;

const g = globalThis as unknown as {
  __warroomRunSecrets?: Map<number, { secrets: Record<string, string>; timer: NodeJS.Timeout }>;
  __warroomDispatcher?: () => void;
};
const pending = (g.__warroomRunSecrets ??= new Map());

export function stashSecrets(runId: number, secrets: Record<string, string>): void {
  ensureDispatcher();
  // If the transaction rolls back, nothing will ask for them: they go after a minute.
  const timer = setTimeout(() => pending.delete(runId), SECRETS_TTL_MS);
  timer.unref();
  pending.set(runId, { secrets, timer });
}

function takeSecrets(runId: number): Record<string, string> {
  const entry = pending.get(runId);
  if (!entry) return {};
  clearTimeout(entry.timer);
  pending.delete(runId);
  return entry.secrets;
}

/** The requester, as the runner acts for them. */
async function requester(runId: number): Promise<Actor | null> {
  const run = await db.playbookRun.findUnique({
    where: { id: runId },
    select: { requestedById: true, requestedBy: true },
  });
  if (!run?.requestedById) return null;
  return { id: run.requestedById, email: run.requestedBy };
}

export function ensureDispatcher(): void {
  if (g.__warroomDispatcher) return;
  const sub = realtimeBus().subscribe(DISPATCH_CHANNEL, (event) => {
    const { runId } = event.data as { runId: number };
    if (event.type === 'run.wake') return wakeRun(runId);
    if (event.type !== 'run.requested') return;
    void (async () => {
      const actor = await requester(runId);
      if (!actor) return;
      await executeRun(runId, { actor, secrets: takeSecrets(runId) });
    })().catch((err: unknown) =>
      logger().error({ err: { message: (err as Error)?.message }, runId }, 'run did not start'),
    );
  });
  g.__warroomDispatcher = sub.unsubscribe;
}
