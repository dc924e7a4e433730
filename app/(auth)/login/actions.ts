'use server';

import { AuthError } from 'next-auth';
import { signIn, signOut } from '@/lib/auth/config';
import { loginErrorMessage, parseLoginForm, safeNextPath } from '@/lib/auth/login-form';
import type { ActionResult } from '@/lib/errors';

/**
 * Sign-in and sign-out are the two actions outside the guarded wrapper:
 * there is no session to authorize yet, or it is being ended. Checks live in
 * the Credentials provider (lib/auth/config.ts): rate limit, password, disabled.
 */
export async function signInAction(_prev: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  const parsed = parseLoginForm(form);
  if (!parsed.ok) return parsed;
  try {
    await signIn('credentials', {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeNextPath(form.get('next')),
    });
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, error: loginErrorMessage(err) };
    throw err; // NEXT_REDIRECT on success
  }
  return { ok: true, data: null };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/login' });
}
