import type { z } from 'zod';
import { db } from '@/lib/db';
import { AppError, type ActionError, type ActionResult } from '@/lib/errors';
import { can } from '@/lib/auth/permissions';
import type { SessionUser } from '@/lib/auth/types';
import { logger } from '@/lib/logger';
import { metrics } from '@/lib/metrics';
import { AuditedRefusal } from './audited-refusal';
import { commitMutation } from './commit-mutation';
import type { ActionDefinition, AuditRecord, Mutation } from './types';

/** What runs after commit, supplied by the caller: Next's revalidatePath for server actions. */
export type AfterCommit = { revalidate?: (paths: string[]) => void };

export function toPlainInput(raw: unknown): unknown {
  if (typeof FormData !== 'undefined' && raw instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of raw.entries()) {
      if (k.startsWith('$ACTION')) continue;
      out[k] = v;
    }
    return out;
  }
  return raw;
}

/**
 * Runs one action definition for `user` (see ActionDefinition for the
 * order) and maps every expected failure to one ActionResult. Used by
 * `action()` (server actions) and by integration tests with the same
 * definitions.
 */
export async function executeAction<S extends z.ZodType, T, P = undefined, C = undefined>(
  def: ActionDefinition<S, T, P, C>,
  user: SessionUser | null,
  raw: unknown,
  after: AfterCommit = {},
): Promise<ActionResult<T>> {
  try {
    const result = await runAction(def, user, raw, after);
    metrics().actions.inc({ permission: def.permission, outcome: result.ok ? 'ok' : result.error.code.split(':')[0] });
    return result;
  } catch (err) {
    metrics().actions.inc({ permission: def.permission, outcome: 'error' });
    throw err;
  }
}

async function runAction<S extends z.ZodType, T, P, C>(
  def: ActionDefinition<S, T, P, C>,
  user: SessionUser | null,
  raw: unknown,
  after: AfterCommit,
): Promise<ActionResult<T>> {
  if (!user) {
    return { ok: false, error: { code: 'unauthenticated', message: 'Your session has ended. Sign in again.' } };
  }
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
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error, def.labels) };
  const input = parsed.data as z.output<S>;
  let refusalRecorded = false;
  try {
    let data: T;
    if (def.prepare) {
      // The resource check reads the database before any remote work starts.
      if (def.authorize) await def.authorize({ user, input, db });
      if (!def.intent) throw new Error(`an action with prepare must declare its intent (${def.permission})`);
      const precomputed = await precompute(def, user, input);
      const intent = await def.intent({ user, input, db });
      const { seq: intentSeq } = await commitMutation(user, async () => ({ data: null, audit: intent }));
      try {
        const prepared = await def.prepare({ user, input, intentSeq });
        ({ data } = await commitMutation(user, async (tx) => {
          if (def.authorize) await def.authorize({ user, input, db: tx });
          return withIntentSeq(await def.handler({ user, input, tx, prepared, precomputed }), intentSeq);
        }));
      } catch (err) {
        await recordFailedOutcome(user, intent, intentSeq, err);
        refusalRecorded = true;
        throw err;
      }
    } else {
      // Before the transaction: it holds the one write lock for as long as it is open.
      const precomputed = await precompute(def, user, input);
      ({ data } = await commitMutation(user, async (tx) => {
        if (def.authorize) await def.authorize({ user, input, db: tx });
        return def.handler({ user, input, tx, prepared: undefined as P, precomputed });
      }));
    }
    runAfterCommit(def, input, data, after);
    return { ok: true, data };
  } catch (err) {
    if (err instanceof AuditedRefusal && !refusalRecorded) await recordRefusal(user, err.audit);
    if (err instanceof AppError) return { ok: false, error: err.toActionError() };
    if (isBusy(err)) {
      logger().error({ err }, 'database busy');
      return { ok: false, error: BUSY };
    }
    throw err;
  }
}

/** The definition's CPU-only work on the input (see ActionDefinition.precompute); `undefined` without one. */
async function precompute<S extends z.ZodType, T, P, C>(
  def: ActionDefinition<S, T, P, C>,
  user: SessionUser,
  input: z.output<S>,
): Promise<C> {
  return def.precompute ? def.precompute({ user, input }) : (undefined as C);
}

const BUSY: ActionError = {
  code: 'unavailable:database-busy',
  message: 'The database is busy. Try again in a moment.',
};

function invalidInput(error: z.ZodError, labels: Partial<Record<string, string>> = {}): ActionError {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = error.issues[0];
  const key = first?.path.join('.') ?? '';
  const label = key ? (labels[key] ?? plainFieldName(key)) : null;
  const message = oneFullStop(first?.message ?? 'This is not valid');
  return { code: 'invalid', message: label ? `${label}: ${message}` : message, fieldErrors };
}

/** `incidentId` → "Incident id", `checklist.0.text` → "Checklist 0 text": a key in words when no label is given. */
export function plainFieldName(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Schema messages end in their own punctuation or none; the sentence ends exactly once. */
export function oneFullStop(message: string): string {
  const text = message.trim().replace(/\.+$/, '');
  return /[!?…]$/.test(text) ? text : `${text}.`;
}

/** The outcome entry points back at its intent. */
function withIntentSeq<T>(m: Mutation<T>, intentSeq: number): Mutation<T> {
  const payload = m.audit.payload;
  if (payload !== undefined && (payload === null || typeof payload !== 'object' || Array.isArray(payload))) {
    return { ...m, audit: { ...m.audit, payload: { value: payload, intentSeq } } };
  }
  return { ...m, audit: { ...m.audit, payload: { ...(payload as object | undefined), intentSeq } } };
}

/**
 * Remote work ran (or may have) but the action did not commit: the outcome
 * is recorded against the intent. An audited refusal is its own outcome.
 * Best effort — if the database is still unavailable, the intent entry is
 * what remains, and the log says why.
 */
async function recordFailedOutcome(user: SessionUser, intent: AuditRecord, intentSeq: number, err: unknown) {
  const audit: AuditRecord =
    err instanceof AuditedRefusal
      ? { ...err.audit, payload: { ...(err.audit.payload as object | undefined), intentSeq } }
      : {
          action: 'action.failed',
          targetType: intent.targetType,
          targetId: intent.targetId ?? null,
          payload: { intent: intent.action, intentSeq, error: failureCode(err) },
        };
  try {
    await commitMutation(user, async () => ({ data: null, audit }));
  } catch (writeErr) {
    logger().error(
      { err: { message: (writeErr as Error)?.message }, intentSeq, intent: intent.action },
      'could not record the outcome of an action after its intent',
    );
  }
}

async function recordRefusal(user: SessionUser, audit: AuditRecord) {
  try {
    await commitMutation(user, async () => ({ data: null, audit }));
  } catch (writeErr) {
    // Nothing ran, so the refusal still stands; the log says it is not on record.
    logger().error({ err: { message: (writeErr as Error)?.message }, action: audit.action }, 'refusal not recorded');
  }
}

function failureCode(err: unknown): string {
  if (err instanceof AppError) return err.code;
  if (isBusy(err)) return BUSY.code;
  return 'internal';
}

function runAfterCommit<S extends z.ZodType, T, P, C>(
  def: ActionDefinition<S, T, P, C>,
  input: z.output<S>,
  data: T,
  after: AfterCommit,
) {
  if (!def.revalidate || !after.revalidate) return;
  const paths = typeof def.revalidate === 'function' ? def.revalidate({ input, data }) : def.revalidate;
  try {
    after.revalidate(paths);
  } catch (err) {
    // Committed already: a failed cache refresh must not report the change as failed.
    logger().error({ err: { message: (err as Error)?.message }, paths }, 'revalidate after commit failed');
  }
}

function isBusy(err: unknown): boolean {
  const text = String((err as Error)?.message ?? err);
  return /SQLITE_BUSY|database is locked|Transaction already closed|Unable to start a transaction in the given time/i.test(
    text,
  );
}
