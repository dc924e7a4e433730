import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/session';
import { listFixScripts } from '@/lib/incidents/queries';
import { CodeBlock } from '@/components/ui/code-block';
import { PHASE_LABEL } from '@/lib/incidents/constants';

export const metadata: Metadata = { title: 'Playbooks' };

export default async function PlaybooksPage() {
  await requirePermission('playbook:view');
  const fixes = await listFixScripts();
  return (
    <div className="max-w-5xl">
      <h1 className="text-base font-semibold">Playbooks</h1>
      <p className="mb-4 mt-1 text-slate-500">
        Scripts found in imported fix plans, by incident. Each is the draft of a remediation playbook; running playbooks
        on hosts (with approval for destructive steps) is not available yet — run them by hand and tick the checklist.
      </p>
      {fixes.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500 dark:border-slate-700">
          No scripts yet: import a fix plan.
        </p>
      ) : (
        <ul className="space-y-4">
          {fixes.map((f) => (
            <li
              key={f.id}
              data-testid="fix-script"
              className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
            >
              <div className="flex flex-wrap items-baseline gap-2">
                <span className="font-medium">{f.title}</span>
                <span className="text-xs text-slate-500">{PHASE_LABEL[f.phase] ?? f.phase}</span>
                <Link
                  href={`/incidents/${f.incident.slug}`}
                  className="ml-auto text-xs text-sky-600 underline dark:text-sky-400"
                >
                  {f.incident.title}
                </Link>
              </div>
              {f.scripts.map((s, i) => (
                <CodeBlock key={i} code={s.code} lang={s.lang} />
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
