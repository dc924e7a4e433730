'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { OIDC_PROVIDER_ID, signIn, signOut } from '@/lib/auth/config';
import { loginErrorMessage, parseLoginForm, safeNextPath } from '@/lib/auth/login-form';
import { endCurrentSession } from '@/lib/auth/sign-out';
import { ssoConfigured } from '@/lib/auth/sso-config';
import type { ActionResult } from '@/lib/errors';

/**
 * Sign-in and sign-out are the actions outside the guarded wrapper: there
 * is no session to authorize yet, or it is being ended. Checks live in the
 * providers (lib/auth/config.ts): throttle, password, disabled, SSO linking.
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

/** Off to the identity provider; a provider that cannot be reached comes back as a message on /login. */
export async function ssoSignInAction(form: FormData): Promise<void> {
  if (!ssoConfigured()) redirect('/login');
  try {
    await signIn(OIDC_PROVIDER_ID, { redirectTo: safeNextPath(form.get('next')) });
  } catch (err) {
    if (err instanceof AuthError) redirect('/login?error=sso-unavailable');
    throw err; // NEXT_REDIRECT to the provider
  }
}

export async function signOutAction(): Promise<void> {
  await endCurrentSession();
  await signOut({ redirectTo: '/login' });
}
