import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/session';
import { listFixScripts } from '@/lib/incidents/queries';
import { CodeBlock } from '@/components/ui/code-block';
import { PHASE_LABEL } from '@/lib/incidents/constants';
import { listPlaybooks } from '@/lib/playbooks/saved-playbooks';
import { Badge } from '@/components/ui/badge';

export const metadata: Metadata = { title: 'Playbooks' };

export default async function PlaybooksPage() {
  await requirePermission('playbook:view');
  const [playbooks, fixes] = await Promise.all([listPlaybooks(), listFixScripts()]);
  return (
    <div className="max-w-5xl">
      <h1 className="text-base font-semibold">Playbooks</h1>
      <p className="mb-4 mt-1 text-slate-500">
        Audited remediation on your hosts over SSH: every command is shown in a dry run before it runs. Destructive
        playbooks need a second person&apos;s approval.{' '}
        <Link href="/runs" className="text-sky-600 underline dark:text-sky-400">
          Runs
        </Link>
      </p>
      <ul className="mb-8 grid gap-3 sm:grid-cols-2" aria-label="Playbooks">
        {playbooks.map((p) => (
          <li
            key={p.name}
            data-testid="playbook"
            className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
          >
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/playbooks/${p.name}`} className="font-medium text-sky-700 underline dark:text-sky-400">
                {p.title}
              </Link>
              {p.destructive ? <Badge tone="red">destructive</Badge> : <Badge tone="green">read-only / safe</Badge>}
              <span className="text-xs text-slate-500">{p.builtIn ? 'built-in' : 'saved'}</span>
            </div>
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{p.description}</p>
            {p.params.length > 0 && (
              <p className="mt-1 text-xs text-slate-500">
                {p.params
                  .map((param) => `${param.name} (${param.type}${param.default !== null ? ` = ${param.default}` : ''})`)
                  .join(', ')}
              </p>
            )}
          </li>
        ))}
      </ul>
      <h2 className="text-sm font-semibold">Scripts from fix plans</h2>
      <p className="mb-4 mt-1 text-slate-500">
        Scripts found in imported fix plans, by incident: the raw material of new playbooks.
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
