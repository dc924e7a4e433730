import 'server-only';
import { defineAction } from '@/lib/mutations/define-action';
import {
  CreateUserInput,
  ResetPasswordInput,
  SetDisabledInput,
  SetRoleInput,
  createUser,
  resetUserPassword,
  setUserDisabled,
  setUserRole,
} from './users';

/** The admin users page's actions, defined once (wrapped in app/(console)/admin/users/actions.ts). */
const USERS = ['/admin/users'];

export const addUserDef = defineAction({
  permission: 'user:manage',
  input: CreateUserInput,
  handler: ({ input, tx }) => createUser(tx, input),
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
  handler: ({ input, tx }) => resetUserPassword(tx, input),
  revalidate: USERS,
});
