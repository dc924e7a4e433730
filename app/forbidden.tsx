import Link from 'next/link';
import { getCurrentUser } from '@/lib/auth/session';
import { AreaName } from './_components/area-name';

/** A refused area (requirePermission): says which role cannot open which area. */
export default async function Forbidden() {
  const user = await getCurrentUser();
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-lg font-semibold">Not for your role</h1>
      <p className="mt-2 text-slate-500" data-testid="forbidden-area">
        Your role ({user?.role ?? 'signed out'}) cannot open <AreaName />. Ask an admin if you need it.
      </p>
      <Link href="/incidents" className="mt-4 inline-block text-sky-600 underline dark:text-sky-400">
        Back to incidents
      </Link>
    </main>
  );
}
