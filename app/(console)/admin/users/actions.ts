'use server';

import { action } from '@/lib/auth/action';
import {
  CreateUserInput,
  ResetPasswordInput,
  SetDisabledInput,
  SetRoleInput,
  createUser,
  resetUserPassword,
  setUserDisabled,
  setUserRole,
} from '@/lib/users/users';
import { revalidatePath } from 'next/cache';

export const addUser = action({
  permission: 'user:manage',
  input: CreateUserInput,
  handler: async ({ input, tx }) => {
    const m = await createUser(tx, input);
    revalidatePath('/admin/users');
    return m;
  },
});

export const changeUserRole = action({
  permission: 'user:manage',
  input: SetRoleInput,
  handler: async ({ user, input, tx }) => {
    const m = await setUserRole(tx, user, input);
    revalidatePath('/admin/users');
    return m;
  },
});

export const setUserDisabledAction = action({
  permission: 'user:manage',
  input: SetDisabledInput,
  handler: async ({ user, input, tx }) => {
    const m = await setUserDisabled(tx, user, input);
    revalidatePath('/admin/users');
    return m;
  },
});

export const resetPassword = action({
  permission: 'user:manage',
  input: ResetPasswordInput,
  handler: ({ user, input, tx }) => resetUserPassword(tx, user, input),
});
