import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { signInErrorMessage } from '@/lib/auth/sign-in-errors';
import { ssoButtonLabel } from '@/lib/auth/sso-config';
import { Button } from '@/components/ui/button';
import { LoginForm } from './login-form';
import { ssoSignInAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  if (await getCurrentUser()) redirect('/incidents');
  const { next, error } = await searchParams;
  const sso = ssoButtonLabel();
  const message = signInErrorMessage(
    typeof error === 'string' ? error : undefined,
    sso && sso.replace(/^Sign in with /, ''),
  );
  const nextPath = typeof next === 'string' ? next : '';
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-lg font-semibold">
          <span className="mr-2 inline-block h-2.5 w-2.5 rounded-full bg-rose-500 align-middle" aria-hidden />
          warroom
        </h1>
        <p className="mb-5 mt-1 text-slate-500">Sign in to the incident console.</p>
        {message && (
          <p
            role="alert"
            data-testid="sign-in-error"
            className="mb-4 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-200"
          >
            {message}
          </p>
        )}
        {sso && (
          <form action={ssoSignInAction} className="mb-4">
            <input type="hidden" name="next" value={nextPath} />
            <Button type="submit" variant="secondary" className="w-full">
              {sso}
            </Button>
          </form>
        )}
        <LoginForm next={nextPath} />
      </div>
    </main>
  );
}
