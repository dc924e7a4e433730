import 'server-only';
import { defineAction } from '@/lib/mutations/define-action';
import {
  AllowSsoLinkInput,
  CreateUserInput,
  ResetPasswordInput,
  SetDisabledInput,
  SetRoleInput,
  allowSsoLink,
  createUser,
  hashNewPassword,
  resetUserPassword,
  setUserDisabled,
  setUserRole,
} from './users';

/** The admin users page's actions, defined once (wrapped in app/(console)/admin/users/actions.ts). */
const USERS = ['/admin/users'];

export const addUserDef = defineAction({
  permission: 'user:manage',
  input: CreateUserInput,
  precompute: ({ input }) => hashNewPassword(input.password),
  handler: ({ input, tx, precomputed }) => createUser(tx, input, precomputed),
  revalidate: USERS,
});

export const changeUserRoleDef = defineAction({
  permission: 'user:manage',
  input: SetRoleInput,
  handler: ({ user, input, tx }) => setUserRole(tx, user, input),
  revalidate: USERS,
});

export const setUserDisabledDef = defineAction({
  permission: 'user:manage',
  input: SetDisabledInput,
  handler: ({ user, input, tx }) => setUserDisabled(tx, user, input),
  revalidate: USERS,
});

export const resetPasswordDef = defineAction({
  permission: 'user:manage',
  input: ResetPasswordInput,
  precompute: ({ input }) => hashNewPassword(input.password),
  handler: ({ input, tx, precomputed }) => resetUserPassword(tx, input, precomputed),
  revalidate: USERS,
});

export const allowSsoLinkDef = defineAction({
  permission: 'user:manage',
  input: AllowSsoLinkInput,
  handler: ({ input, tx }) => allowSsoLink(tx, input),
  revalidate: USERS,
});
