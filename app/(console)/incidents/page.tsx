import type { Metadata } from 'next';
import { requirePermission } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Incidents' };

export default async function IncidentsPage() {
  await requirePermission('incident:view');
  return (
    <div>
      <h1 className="text-base font-semibold">Incidents</h1>
      <p className="mt-2 text-slate-500">No incidents yet.</p>
    </div>
  );
}
