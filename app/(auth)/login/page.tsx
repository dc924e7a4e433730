import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getCurrentUser()) redirect('/incidents');
  const { next } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-lg font-semibold">
          <span className="mr-2 inline-block h-2.5 w-2.5 rounded-full bg-rose-500 align-middle" aria-hidden />
          warroom
        </h1>
        <p className="mb-5 mt-1 text-slate-500">Sign in to the incident console.</p>
        <LoginForm next={typeof next === 'string' ? next : ''} />
      </div>
    </main>
  );
}
