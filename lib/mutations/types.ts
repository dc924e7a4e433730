import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import type { Permission } from '@/lib/auth/permissions';
import type { SessionUser } from '@/lib/auth/types';
import type { TimelineInput } from '@/lib/timeline/record-event';

/** One AuditEntry as a mutation describes it; the commit path adds actor, seq and hash. */
export type AuditRecord = { action: string; targetType: string; targetId?: string | null; payload?: unknown };

/** A timeline event belongs to an incident; mutations outside one (hosts, users, sign-in) have none. */
export type IncidentTimeline = Omit<TimelineInput, 'auditSeq' | 'actorId' | 'incidentId'> & { incidentId: string };

/** A realtime event, published only after the transaction committed. */
export type Publish = { channel: string; type: string; data: unknown };

/**
 * What every mutation hands back: its data, its audit record, the timeline
 * event when it belongs to an incident, and what to publish once committed.
 * The type makes a mutation without an audit record impossible to write.
 */
export type Mutation<T> = {
  data: T;
  audit: AuditRecord;
  timeline?: IncidentTimeline;
  /**
   * A change that touches several incidents at once (disabling a person who
   * holds roles in two of them) says so on each one's timeline too.
   */
  alsoOnTimelines?: IncidentTimeline[];
  publish?: Publish[];
};

type Input<S extends z.ZodType> = z.output<S>;

/** What a resource check sees: the caller, the parsed input, and a database to read. */
export type AuthorizeContext<S extends z.ZodType> = { user: SessionUser; input: Input<S>; db: Tx };

export type ActionContext<S extends z.ZodType, P, C = undefined> = {
  user: SessionUser;
  input: Input<S>;
  tx: Tx;
  prepared: P;
  precomputed: C;
};

/**
 * One server action, defined once in lib/<feature>/actions.ts and wrapped by
 * `action()` in app/**\/actions.ts. The wrapper runs, in this order:
 *
 *   session → permission (role) → parse → authorize (resource; reads the
 *   database) → precompute (CPU only) → intent audit entry, committed →
 *   prepare (remote work) → transaction { authorize again, handler, audit,
 *   timeline } → revalidate and publish, after commit.
 *
 * A forbidden or missing resource is refused before any byte goes to a
 * host; remote work leaves an audit entry even when the commit then fails.
 */
export type ActionDefinition<S extends z.ZodType, T, P = undefined, C = undefined> = {
  permission: Permission;
  input: S;
  /**
   * The form's label for each input field, as the person sees it ("Webhook
   * URL" for `url`): an invalid input is reported as "<label>: <message>."
   * A field without one is named by its key in plain words.
   */
  labels?: Partial<Record<string, string>>;
  /**
   * The resource check: throw `forbidden(...)`/`notFound(...)` (or an
   * `AuditedRefusal` when the refusal itself must be on record). With a
   * `prepare`, it runs first with the database (nothing reaches a host for a
   * refused resource) and again inside the transaction with `tx`, so a
   * resource that changed during `prepare` is caught; without one, it runs
   * once, inside the transaction.
   */
  authorize?: (ctx: AuthorizeContext<S>) => Promise<void>;
  /**
   * Slow work on the input alone — a password hash: scrypt, tens of
   * milliseconds on libuv's pool — done before the transaction, because the
   * transaction holds SQLite's one write lock and every other write in the
   * process (checklist ticks, the runner's step intents) would wait behind
   * it. Runs after the permission check and the parse (a refused or invalid
   * call costs nothing), before the transaction and, with a `prepare`,
   * after the first resource check and before the intent. It sees no
   * database and must change nothing: without a `prepare` it runs before
   * the resource check. Its result reaches the handler as `precomputed`.
   */
  precompute?: (ctx: { user: SessionUser; input: Input<S> }) => Promise<C>;
  /**
   * Remote work (an SSH command) that must not run inside the transaction.
   * Its result reaches the handler as `prepared`. Comes with `intent`.
   */
  prepare?: (ctx: { user: SessionUser; input: Input<S>; intentSeq: number }) => Promise<P>;
  /**
   * The audit entry committed BEFORE `prepare` runs: who, which host, what
   * will run. Required with `prepare`. The handler's audit entry is the
   * outcome (it gets `intentSeq` in its payload); when the action fails after
   * the intent, an `action.failed` entry records that instead.
   */
  intent?: (ctx: AuthorizeContext<S>) => Promise<AuditRecord> | AuditRecord;
  handler: (ctx: ActionContext<S, P, C>) => Promise<Mutation<T>>;
  /** Paths to revalidate, only after commit (never `revalidatePath` in a handler). */
  revalidate?: string[] | ((ctx: { input: Input<S>; data: T }) => string[]);
};
