'use client';

import { useMemo, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError } from '@/lib/errors';
import { importPlan } from '@/lib/rca/import-plan';
import { describeRcaError } from '@/lib/incidents/import-document-client';
import { importIncident } from '../../actions';

const LIMIT = 1_048_576;

/**
 * The preview is the real parser (lib/rca is pure) running in the browser,
 * so it is instant; the server parses again and never trusts it.
 */
export function ImportForm() {
  const router = useRouter();
  const [markdown, setMarkdown] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();

  const preview = useMemo(() => (markdown.trim() ? importPlan(markdown) : null), [markdown]);

  async function onFile(file: File | undefined) {
    setFileError(null);
    setServerError(null);
    if (!file) return;
    if (file.size > LIMIT) {
      setMarkdown('');
      setFileError(`${file.name} is ${(file.size / LIMIT).toFixed(1)} MiB; the limit is 1 MiB.`);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const checked = importPlan(bytes);
    if (!checked.ok && (checked.error.code === 'rca:binary' || checked.error.code === 'rca:empty')) {
      setMarkdown('');
      setFileError(`${file.name}: ${describeRcaError(checked.error)}`);
      return;
    }
    setMarkdown(new TextDecoder().decode(bytes));
  }

  function create() {
    setServerError(null);
    start(async () => {
      const r = await importIncident({ markdown });
      if (r.ok) router.push(`/incidents/${r.data.slug}`);
      else setServerError(r.error);
    });
  }

  const plan = preview?.ok ? preview.plan : null;
  const counts = plan
    ? [
        ['Findings', plan.findings.length],
        ['Fixes', plan.fixes.length],
        ['Checklist items', plan.checklists.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.items.length, 0), 0)],
        ['Checklist groups', plan.checklists.reduce((n, c) => n + c.groups.length, 0)],
        ['Cadences', plan.cadences.length],
        ['Rollback steps', plan.rollback.length],
        ['Timeline rows', plan.timeline.length],
        ['Other sections', plan.notes.length],
      ]
    : [];

  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
      <div className="space-y-2">
        <label className="block">
          <span className="text-xs font-medium text-slate-500">Markdown file</span>
          <input
            type="file"
            accept=".md,.markdown,.txt,text/markdown,text/plain"
            aria-label="Markdown file"
            onChange={(e) => onFile(e.target.files?.[0])}
            className="mt-1 block text-xs file:mr-3 file:rounded file:border-0 file:bg-slate-200 file:px-2 file:py-1 dark:file:bg-slate-800"
          />
        </label>
        <label className="block">
          <span className="text-xs font-medium text-slate-500">…or paste it</span>
          <textarea
            aria-label="Markdown"
            value={markdown}
            onChange={(e) => {
              setMarkdown(e.target.value);
              setFileError(null);
              setServerError(null);
            }}
            rows={22}
            spellCheck={false}
            className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
            placeholder="# Service X down — root cause & fix plan"
          />
        </label>
      </div>
      <aside className="space-y-3" aria-label="Preview">
        <h2 className="text-sm font-semibold">Preview</h2>
        {fileError && (
          <p role="alert" data-testid="import-error" className="text-sm text-rose-600 dark:text-rose-400">
            {fileError}
          </p>
        )}
        {preview && !preview.ok && (
          <p role="alert" data-testid="import-error" className="text-sm text-rose-600 dark:text-rose-400">
            {describeRcaError(preview.error)}
          </p>
        )}
        {plan && (
          <>
            <p className="font-medium" data-testid="preview-title">
              {plan.title}
            </p>
            <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm" data-testid="preview-counts">
              {counts.map(([label, n]) => (
                <div key={label} className="contents">
                  <dt className="text-slate-500">{label}</dt>
                  <dd className="text-right tabular-nums" data-testid={`count-${String(label).toLowerCase().replace(/\s+/g, '-')}`}>
                    {n}
                  </dd>
                </div>
              ))}
            </dl>
            {plan.warnings.length > 0 && (
              <details className="text-xs text-amber-700 dark:text-amber-300" open>
                <summary>{plan.warnings.length} warning(s)</summary>
                <ul className="mt-1 list-disc pl-4">
                  {plan.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
        <FormMessage error={serverError} />
        <Button onClick={create} disabled={!plan || pending} data-testid="create-incident">
          {pending ? 'Creating…' : 'Create incident'}
        </Button>
      </aside>
    </div>
  );
}
