const TONES = {
  red: 'bg-rose-100 text-rose-800 ring-rose-300 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-800',
  amber: 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800',
  green:
    'bg-emerald-100 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
  blue: 'bg-sky-100 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
  gray: 'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-700',
} as const;

export type BadgeTone = keyof typeof TONES;

export function Badge({
  tone = 'gray',
  children,
  title,
}: {
  tone?: BadgeTone;
  children: React.ReactNode;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide ring-1 ring-inset ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

export function severityTone(severity: string): BadgeTone {
  const s = severity.toUpperCase();
  if (s === 'CRITICAL' || s === 'SEV1') return 'red';
  if (s === 'HIGH' || s === 'SEV2') return 'amber';
  if (s === 'MEDIUM' || s === 'SEV3') return 'blue';
  return 'gray';
}

export function statusTone(status: string): BadgeTone {
  if (status === 'resolved') return 'green';
  if (status === 'monitoring') return 'blue';
  if (status === 'investigating') return 'red';
  return 'amber';
}
