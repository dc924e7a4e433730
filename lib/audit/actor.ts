import os from 'node:os';
import { getEnv } from '@/lib/env';

/**
 * Who did it. Every audit entry names its actor: a signed-in user, or a
 * named non-human actor — a background worker of this process or a person
 * at the CLI. Stored in AuditEntry as (actorId, actorEmail): a user's id and
 * email, or (null, "system:cadence-watch" / "cli:alice"). A name never
 * contains "@", so it cannot be mistaken for a user's email, and the hashed
 * fields stay the ones older entries were chained with.
 */
export const SYSTEM_ACTORS = [
  'system:startup',
  'system:cadence-watch',
  'system:webhooks',
  'system:reconciler',
] as const;
export type SystemActorName = (typeof SYSTEM_ACTORS)[number];
export type CliActorName = `cli:${string}`;

export type UserActor = { id: string; email: string };
export type NamedActor = { kind: 'named'; name: SystemActorName | CliActorName };
export type Actor = UserActor | NamedActor;

export function systemActor(name: SystemActorName): NamedActor {
  return { kind: 'named', name };
}

// A unix login name (POSIX portable set); anything else is not trusted as one.
const UNIX_USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** The person running `warroom …`: the invoking user behind sudo, else the process owner. */
export function cliActor(
  sudoUser: string | undefined = getEnv().SUDO_USER,
  whoami: () => string = () => os.userInfo().username,
): NamedActor {
  let user: string;
  try {
    user = sudoUser || whoami();
  } catch {
    // A uid without a passwd entry (containers): the uid still names someone.
    user = `uid-${process.getuid?.() ?? 'unknown'}`;
  }
  return { kind: 'named', name: `cli:${UNIX_USER.test(user) ? user : 'unknown'}` };
}

export function isNamedActor(actor: Actor): actor is NamedActor {
  // Not `'name' in actor`: a SessionUser has a name too.
  return 'kind' in actor && actor.kind === 'named';
}

/** The two stored columns. Refuses an actor that would be stored as nobody. */
export function actorColumns(actor: Actor): { actorId: string | null; actorEmail: string } {
  if (isNamedActor(actor)) {
    const ok =
      (SYSTEM_ACTORS as readonly string[]).includes(actor.name) ||
      (actor.name.startsWith('cli:') && actor.name.length > 4 && !actor.name.includes('@'));
    if (!ok) throw new Error(`not a named actor: ${JSON.stringify(actor.name)}`);
    return { actorId: null, actorEmail: actor.name };
  }
  if (!actor.id || !actor.email) throw new Error('a user actor needs its id and email');
  return { actorId: actor.id, actorEmail: actor.email };
}

/** The user id for TimelineEvent.actorId (null for named actors). */
export function actorUserId(actor: Actor): string | null {
  return isNamedActor(actor) ? null : actor.id;
}
