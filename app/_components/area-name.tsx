'use client';

import { usePathname } from 'next/navigation';
import { areaOf } from '@/lib/auth/areas';

/** The name of the area the refused page belongs to ("Hosts"), read from the address. */
export function AreaName() {
  const area = areaOf(usePathname() ?? '');
  return <span className="font-medium text-slate-800 dark:text-slate-200">{area?.name ?? 'this page'}</span>;
}
