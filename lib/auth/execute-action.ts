import { z } from 'zod';
import { db, type Tx } from '@/lib/db';
import { AppError, type ActionResult } from '@/lib/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { recordTimelineEvent, type TimelineInput } from '@/lib/timeline/record-event';
import { realtimeBus, realtimeEventId } from '@/lib/realtime/bus';
import { logger } from '@/lib/logger';
import { metrics } from '@/lib/metrics';
import { countCommitted } from '@/lib/ops/mutation-metrics';
import { asStorageFault, clearStorageFault } from '@/lib/db/storage-fault';
import { can, type Permission } from './permissions';
import type { SessionUser } from './types';

/**
 * What every mutation hands back: its data, the audit record, the timeline
 * event, and what to publish once committed. The types make a mutation
 * without an audit record impossible to write.
 */
export type Mutation<T> = {
  data: T;
  audit: { action: string; targetType: string; targetId?: string | null; payload?: unknown };
  timeline: Omit<TimelineInput, 'auditSeq' | 'actorId'>;
  publish?: { channel: string; type: string; data: unknown }[];
};

export type ActionContext<I, P = undefined> = { user: SessionUser; input: I; tx: Tx; prepared: P };

export type ActionDefinition<S extends z.ZodType, T, P = undefined> = {
  permission: Permission;
  input: S;
  /**
   * Slow or remote work (an SSH call, a parse) that must not run inside the
   * transaction: runs after the permission check and input parse, before the
   * transaction opens. Its result reaches the handler as `prepared`.
   */
  prepare?: (ctx: { user: SessionUser; input: z.infer<S> }) => Promise<P>;
  /** Resource-level check inside the transaction: throw forbidden/not_found. */
  authorize?: (ctx: ActionContext<z.infer<S>, P>) => Promise<void>;
  handler: (ctx: ActionContext<z.infer<S>, P>) => Promise<Mutation<T>>;
};

const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

export function toPlainInput(raw: unknown): unknown {
  if (typeof FormData !== 'undefined' && raw instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of raw.entries()) {
      if (k.startsWith('$ACTION')) continue;
      out[k] = typeof v === 'string' ? v : v;
    }
    return out;
  }
  return raw;
}

/**
 * session → permission (role) → zod parse → transaction { resource check →
 * handler → AuditEntry + TimelineEvent } → publish after commit → one
 * ActionResult. Used by lib/auth/action.ts (server actions) and tests.
 */
export async function executeAction<S extends z.ZodType, T, P = undefined>(
  def: ActionDefinition<S, T, P>,
  user: SessionUser | null,
  raw: unknown,
): Promise<ActionResult<T>> {
  try {
    const result = await runAction(def, user, raw);
    metrics().actions.inc({ permission: def.permission, outcome: result.ok ? 'ok' : result.error.code.split(':')[0] });
    return result;
  } catch (err) {
    metrics().actions.inc({ permission: def.permission, outcome: 'error' });
    throw err;
  }
}

async function runAction<S extends z.ZodType, T, P>(
  def: ActionDefinition<S, T, P>,
  user: SessionUser | null,
  raw: unknown,
): Promise<ActionResult<T>> {
  if (!user)
    return { ok: false, error: { code: 'unauthenticated', message: 'Your session has ended. Sign in again.' } };
  if (!can(user.role, def.permission)) {
    logger().warn({ user: user.email, role: user.role, permission: def.permission }, 'action refused');
    return {
      ok: false,
      error: {
        code: `forbidden:${def.permission}`,
        message: `Your role (${user.role}) cannot do this (${def.permission}).`,
      },
    };
  }
  const parsed = await def.input.safeParseAsync(toPlainInput(raw));
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || '_';
      (fieldErrors[key] ??= []).push(issue.message);
    }
    const first = parsed.error.issues[0];
    return {
      ok: false,
      error: {
        code: 'invalid',
        message: `Check the form: ${first?.path.join('.') || 'input'} — ${first?.message ?? 'invalid'}.`,
        fieldErrors,
      },
    };
  }
  const input = parsed.data as z.infer<S>;
  try {
    const prepared = (def.prepare ? await def.prepare({ user, input }) : undefined) as P;
    const { data } = await commitMutation(user, async (tx) => {
      const ctx = { user, input, tx, prepared };
      if (def.authorize) await def.authorize(ctx);
      return def.handler(ctx);
    });
    return { ok: true, data };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toActionError() };
    if (isBusy(err)) {
      logger().error({ err }, 'database busy');
      return {
        ok: false,
        error: { code: 'unavailable:database-busy', message: 'The database is busy. Try again in a moment.' },
      };
    }
    throw err;
  }
}

/**
 * Runs one mutation in one transaction with its AuditEntry and
 * TimelineEvent; a failed audit write rolls the change back. Publishes to
 * the realtime bus only after commit. Server actions reach this through
 * executeAction; the CLI and start-up tasks call it with their own actor.
 */
export async function commitMutation<T>(
  actor: { id: string; email: string } | null,
  work: (tx: Tx) => Promise<Mutation<T>>,
): Promise<{ data: T; seq: number }> {
  let committed: { mutation: Mutation<T>; seq: number };
  try {
    committed = await db.$transaction(async (tx) => {
      const mutation = await work(tx);
      if (!mutation?.audit?.action || !mutation.timeline?.summary) {
        throw new Error('a mutation returned no audit record');
      }
      const { seq } = await appendAudit(tx, { actor, ...mutation.audit });
      await recordTimelineEvent(tx, { ...mutation.timeline, actorId: actor?.id ?? null, auditSeq: seq });
      return { mutation, seq };
    }, TX_OPTIONS);
  } catch (err) {
    // A full disk, a read-only file or a lock is named as such, never shown as some other failure.
    throw asStorageFault(err);
  }
  clearStorageFault();
  const { mutation, seq } = committed;
  const bus = realtimeBus();
  const at = new Date().toISOString();
  // One mutation may publish several events; each gets its own id, ordered
  // after the audit seq, so Last-Event-ID replay neither drops nor repeats one.
  (mutation.publish ?? []).forEach((p, i) => bus.publish({ id: realtimeEventId(seq, i), at, ...p }));
  countCommitted(mutation.audit);
  return { data: mutation.data, seq };
}

function isBusy(err: unknown): boolean {
  const text = String((err as Error)?.message ?? err);
  return /SQLITE_BUSY|database is locked|Transaction already closed|Unable to start a transaction in the given time/i.test(
    text,
  );
}
