import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-2 text-slate-500">This page does not exist, or your role cannot see it.</p>
      <Link href="/incidents" className="mt-4 inline-block text-sky-600 underline dark:text-sky-400">
        Back to incidents
      </Link>
    </main>
  );
}
