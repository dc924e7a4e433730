import { z } from 'zod';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Mutation } from '@/lib/mutations/types';
import { checkEmail } from '@/lib/auth/email';
import { checkPasswordStrength, generatePassword, hashPassword } from '@/lib/auth/password';
import { ROLES } from '@/lib/auth/permissions';
import type { SessionUser } from '@/lib/auth/types';
import { vacateRolesOf } from '@/lib/incidents/incident-roles';

export const EmailField = z
  .string()
  .max(320)
  .transform((v, ctx) => {
    const r = checkEmail(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.email;
  });

export const CreateUserInput = z.object({
  email: EmailField,
  name: z.string().trim().max(120).optional().default(''),
  role: z.enum(ROLES),
  password: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || checkPasswordStrength(v) === null, {
      message: 'Use a password of 10 to 200 characters.',
    }),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const SetRoleInput = z.object({ userId: z.string().min(1).max(64), role: z.enum(ROLES) });
export const SetDisabledInput = z.object({
  userId: z.string().min(1).max(64),
  disabled: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
});

export const ResetPasswordInput = z.object({
  userId: z.string().min(1).max(64),
  password: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || checkPasswordStrength(v) === null, {
      message: 'Use a password of 10 to 200 characters.',
    }),
});

/** "ic@tms.test" → "ic": the name a user gets when none is given. */
function localPart(email: string): string {
  return email.slice(0, Math.max(0, email.indexOf('@'))) || email;
}

export const USER_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  createdAt: true,
  ssoSubject: true,
  ssoLinkAllowed: true,
} as const;

export const AllowSsoLinkInput = z.object({ userId: z.string().min(1).max(64) });

/** A new password as stored (its hash) and, when none was given, the generated one to show once. */
export type NewPassword = { passwordHash: string; generatedPassword?: string };

/**
 * The hash of a new password — the given one, or one generated here. Called
 * BEFORE the transaction that stores it (an action's `precompute`, or
 * `addUser`): scrypt takes tens of milliseconds, and a transaction open that
 * long holds SQLite's write lock against every other write in the process.
 */
export async function hashNewPassword(given: string | undefined): Promise<NewPassword> {
  const generatedPassword = given ? undefined : generatePassword();
  return { passwordHash: await hashPassword(given ?? generatedPassword!), generatedPassword };
}

export async function createUser(
  tx: Tx,
  input: CreateUserInput,
  { passwordHash, generatedPassword }: NewPassword,
): Promise<Mutation<{ id: string; email: string; generatedPassword?: string }>> {
  const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    throw new AppError('conflict:user-email', `A user with the email ${input.email} already exists.`, {
      fieldErrors: { email: ['already in use'] },
    });
  }
  const user = await tx.user.create({
    data: { email: input.email, name: input.name || localPart(input.email), role: input.role, passwordHash },
    select: { id: true, email: true },
  });
  return {
    data: { ...user, generatedPassword },
    audit: {
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      payload: { email: user.email, role: input.role },
    },
  };
}

async function findUserOrThrow(tx: Tx, userId: string) {
  const u = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  if (!u) throw new AppError('not_found:user', 'No such user.');
  return u;
}

async function assertAnotherActiveAdmin(tx: Tx, exceptUserId: string) {
  const admins = await tx.user.count({ where: { role: 'admin', disabled: false, id: { not: exceptUserId } } });
  if (admins === 0)
    throw new AppError('conflict:last-admin', 'This is the last active admin; add another admin first.');
}

/** Changing a role bumps sessionVersion: old sessions must sign in again. */
export async function setUserRole(
  tx: Tx,
  actor: SessionUser,
  input: z.infer<typeof SetRoleInput>,
): Promise<Mutation<{ id: string; email: string; from: string; to: string }>> {
  const u = await findUserOrThrow(tx, input.userId);
  // Even an admin: a role is changed by someone else, so a slip cannot lock its author out.
  if (u.id === actor.id)
    throw new AppError('conflict:self-role', 'You cannot change your own role; ask another admin.');
  if (u.role === input.role) throw new AppError('conflict:user-role', `${u.email} is already a ${input.role}.`);
  if (u.role === 'admin' && input.role !== 'admin') await assertAnotherActiveAdmin(tx, u.id);
  await tx.user.update({ where: { id: u.id }, data: { role: input.role, sessionVersion: { increment: 1 } } });
  return {
    data: { id: u.id, email: u.email, from: u.role, to: input.role },
    audit: { action: 'user.set-role', targetType: 'user', targetId: u.id, payload: { from: u.role, to: input.role } },
  };
}

export async function setUserDisabled(
  tx: Tx,
  actor: SessionUser,
  input: z.infer<typeof SetDisabledInput>,
): Promise<Mutation<{ id: string; vacated: { slug: string; role: string }[] }>> {
  const u = await findUserOrThrow(tx, input.userId);
  if (input.disabled && u.id === actor.id)
    throw new AppError('conflict:self-disable', 'You cannot disable your own account.');
  if (input.disabled && u.role === 'admin') await assertAnotherActiveAdmin(tx, u.id);
  await tx.user.update({ where: { id: u.id }, data: { disabled: input.disabled, sessionVersion: { increment: 1 } } });
  // A disabled account cannot act: the incident roles it held are cleared, and each incident says so.
  const roles = input.disabled ? await vacateRolesOf(tx, u) : { timelines: [], publish: [], vacated: [] };
  return {
    data: { id: u.id, vacated: roles.vacated },
    audit: {
      action: `user.${input.disabled ? 'disable' : 'enable'}`,
      targetType: 'user',
      targetId: u.id,
      payload: { email: u.email, ...(roles.vacated.length ? { vacatedRoles: roles.vacated } : {}) },
    },
    alsoOnTimelines: roles.timelines,
    publish: roles.publish,
  };
}

/**
 * A new password (given, or generated and shown once) bumps sessionVersion:
 * every session signed in with the old one ends. The audit records that it
 * changed, never the password.
 */
export async function resetUserPassword(
  tx: Tx,
  input: z.infer<typeof ResetPasswordInput>,
  { passwordHash, generatedPassword }: NewPassword,
): Promise<Mutation<{ id: string; generatedPassword?: string }>> {
  const u = await findUserOrThrow(tx, input.userId);
  await tx.user.update({ where: { id: u.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
  return {
    data: { id: u.id, generatedPassword },
    audit: {
      action: 'user.reset-password',
      targetType: 'user',
      targetId: u.id,
      payload: { email: u.email, generated: Boolean(generatedPassword) },
    },
  };
}

/**
 * An SSO sign-in whose email matches this account is refused until an admin
 * says so here: the next SSO sign-in with that email then links the
 * provider identity to this account (once; audited as `user.sso-link`).
 * Never automatic — whoever holds an IdP account with that address would
 * otherwise take over a password account.
 */
export async function allowSsoLink(
  tx: Tx,
  input: z.infer<typeof AllowSsoLinkInput>,
): Promise<Mutation<{ id: string }>> {
  const u = await findUserOrThrow(tx, input.userId);
  const current = await tx.user.findUniqueOrThrow({ where: { id: u.id }, select: { ssoSubject: true } });
  if (current.ssoSubject) {
    throw new AppError('conflict:sso-linked', `${u.email} is already linked to a single sign-on identity.`);
  }
  await tx.user.update({ where: { id: u.id }, data: { ssoLinkAllowed: true } });
  return {
    data: { id: u.id },
    audit: { action: 'user.sso-link-allow', targetType: 'user', targetId: u.id, payload: { email: u.email } },
  };
}
