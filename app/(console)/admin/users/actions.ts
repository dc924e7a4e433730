'use server';

import { action } from '@/lib/auth/action';
import { addUserDef, changeUserRoleDef, resetPasswordDef, setUserDisabledDef } from '@/lib/users/actions';

export const addUser = action(addUserDef);
export const changeUserRole = action(changeUserRoleDef);
export const setUserDisabledAction = action(setUserDisabledDef);
export const resetPassword = action(resetPasswordDef);
