import type { Metadata } from 'next';
import { requirePermission } from '@/lib/auth/session';
import { MAX_UPLOAD_LABEL } from '@/lib/rca/check-upload';
import { ImportForm } from './_components/import-form';

export const metadata: Metadata = { title: 'Import an RCA' };

export default async function ImportPage() {
  await requirePermission('incident:create');
  return (
    <div className="max-w-5xl">
      <h1 className="text-base font-semibold">Import a root-cause / fix-plan document</h1>
      <p className="mb-4 mt-1 text-slate-500">
        Paste the Markdown or choose a file (up to {MAX_UPLOAD_LABEL}). You will see what warroom found before anything
        is created.
      </p>
      <ImportForm />
    </div>
  );
}
