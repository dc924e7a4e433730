'use client';

import { useEffect, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError } from '@/lib/errors';
import {
  checkUpload,
  formatBytes,
  isWarroomExport,
  MAX_EXPORT_BYTES,
  MAX_EXPORT_LABEL,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_LABEL,
} from '@/lib/rca/check-upload';
import { importPlanAsync, type ImportPlanResult } from '@/lib/rca/import-plan';
import { describeRcaError } from '@/lib/incidents/import-document-client';
import { incidentSeverityFrom } from '@/lib/incidents/severity';
import { attachPlan, importIncident } from '../../actions';

/** Quiet time after the last keystroke before the preview is parsed. */
const PREVIEW_DEBOUNCE_MS = 250;

/** The preview of one text: the plan or its refusal, or `null` when the parser itself failed. */
type Preview = { markdown: string; result: ImportPlanResult | null };

/**
 * The preview is the real parser (lib/rca is pure) running in the browser;
 * the server parses again and never trusts it. It runs cooperatively
 * (importPlanAsync), a moment after typing stops, so a 1 MiB document never
 * freezes the tab; a result for text that has changed since is dropped.
 */
type Match = { id: string; slug: string; title: string; status: string };

/** `into`: the incident the plan is attached to (from its page's "Attach a plan"). */
export function ImportForm({ into }: { into?: { id: string; slug: string; title: string } }) {
  const router = useRouter();
  const [markdown, setMarkdown] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  const [latest, setLatest] = useState<Preview | null>(null);
  // The open incident this document matches: the person chooses attach or create.
  const [match, setMatch] = useState<Match | null>(null);

  useEffect(() => {
    if (!markdown.trim()) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      importPlanAsync(markdown, { signal: abort.signal }).then(
        (result) => {
          if (!abort.signal.aborted) setLatest({ markdown, result });
        },
        (error: unknown) => {
          if (abort.signal.aborted) return; // the text changed: this parse was stopped on purpose
          console.error('import preview failed', error);
          setLatest({ markdown, result: null });
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [markdown]);

  const hasText = markdown.trim() !== '';
  // Only a preview of the text as it is now counts; an older one stays on show, dimmed, while the new one is parsed.
  const parsing = hasText && latest?.markdown !== markdown;
  const shown = hasText ? latest : null;
  const preview = shown?.result ?? null;

  async function onFile(file: File | undefined) {
    setFileError(null);
    setServerError(null);
    if (!file) return;
    // Only the first bytes are read to tell a warroom export, which has a larger limit.
    const exported =
      file.size > MAX_UPLOAD_BYTES && isWarroomExport(new Uint8Array(await file.slice(0, 2048).arrayBuffer()));
    const [limit, label] = exported
      ? [MAX_EXPORT_BYTES, `${MAX_EXPORT_LABEL} for a warroom export`]
      : [MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL];
    if (file.size > limit) {
      setMarkdown('');
      setFileError(`${file.name} is ${formatBytes(file.size)}; the limit is ${label}.`);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    // The byte-level checks only (importPlan's first step): the parse is the preview's job.
    const checked = checkUpload(bytes);
    if (!checked.ok && (checked.code === 'rca:binary' || checked.code === 'rca:empty')) {
      setMarkdown('');
      setFileError(`${file.name}: ${describeRcaError(checked)}`);
      return;
    }
    setMarkdown(new TextDecoder().decode(bytes));
  }

  function create(mode: 'ask' | 'create' = 'ask') {
    setServerError(null);
    setMatch(null);
    start(async () => {
      const r = await importIncident({ markdown, mode });
      if (r.ok) router.push(`/incidents/${r.data.slug}`);
      else if (r.error.code === 'conflict:incident-exists') setMatch(r.error.current as Match);
      else setServerError(r.error);
    });
  }

  function attach(incidentId: string) {
    setServerError(null);
    setMatch(null);
    start(async () => {
      const r = await attachPlan({ markdown, incidentId });
      if (r.ok) router.push(`/incidents/${r.data.slug}`);
      else setServerError(r.error);
    });
  }

  const shownPlan = preview?.ok ? preview.plan : null;
  const severity = shownPlan ? incidentSeverityFrom(shownPlan.severity) : null;
  const warnings = shownPlan ? [...shownPlan.warnings, ...(severity?.warning ? [severity.warning] : [])] : [];
  const plan = parsing ? null : shownPlan;
  const counts = shownPlan
    ? [
        ['Findings', shownPlan.findings.length],
        ['Fixes', shownPlan.fixes.length],
        [
          'Checklist items',
          shownPlan.checklists.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.items.length, 0), 0),
        ],
        ['Checklist groups', shownPlan.checklists.reduce((n, c) => n + c.groups.length, 0)],
        ['Cadences', shownPlan.cadences.length],
        ['Rollback steps', shownPlan.rollback.length],
        ['Timeline rows', shownPlan.timeline.length],
        ['Timeline events', shownPlan.events.length],
        ['Action items', shownPlan.actionItems.length],
        [
          'Lessons',
          shownPlan.lessons.wentWell.length + shownPlan.lessons.wentPoorly.length + shownPlan.lessons.lucky.length,
        ],
        ['Other sections', shownPlan.notes.length],
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
      <aside className="space-y-3" aria-label="Preview" aria-busy={parsing}>
        <h2 className="text-sm font-semibold">Preview</h2>
        {parsing && (
          <p role="status" data-testid="preview-parsing" className="text-sm text-slate-500">
            Parsing…
          </p>
        )}
        {fileError && (
          <p role="alert" data-testid="import-error" className="text-sm text-rose-600 dark:text-rose-400">
            {fileError}
          </p>
        )}
        <div className={parsing ? 'space-y-3 opacity-50' : 'space-y-3'}>
          {shown && !parsing && shown.result === null && (
            <p role="alert" data-testid="import-error" className="text-sm text-rose-600 dark:text-rose-400">
              The preview failed; the document may still import. Try creating the incident.
            </p>
          )}
          {preview && !preview.ok && (
            <p role="alert" data-testid="import-error" className="text-sm text-rose-600 dark:text-rose-400">
              {describeRcaError(preview.error)}
            </p>
          )}
          {shownPlan && (
            <>
              <p className="font-medium" data-testid="preview-title">
                {shownPlan.title}
              </p>
              {severity && !into && (
                <p className="text-sm" data-testid="preview-severity">
                  Severity: <span className="font-semibold">{severity.severity}</span>
                  {shownPlan.severity && shownPlan.severity !== severity.severity
                    ? ` (the document says ${shownPlan.severity})`
                    : ''}
                </p>
              )}
              <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm" data-testid="preview-counts">
                {counts.map(([label, n]) => (
                  <div key={label} className="contents">
                    <dt className="text-slate-500">{label}</dt>
                    <dd
                      className="text-right tabular-nums"
                      data-testid={`count-${String(label).toLowerCase().replace(/\s+/g, '-')}`}
                    >
                      {n}
                    </dd>
                  </div>
                ))}
              </dl>
              {warnings.length > 0 && (
                <details className="text-xs text-amber-700 dark:text-amber-300" open data-testid="preview-warnings">
                  <summary>{warnings.length} warning(s)</summary>
                  <ul className="mt-1 list-disc pl-4">
                    {warnings.map((w, i) => (
                      <li key={i}>{w}</li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          )}
        </div>
        <FormMessage error={serverError} />
        {match && (
          <div
            role="alertdialog"
            aria-label="This document matches an open incident"
            data-testid="import-match"
            className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          >
            <p>
              An open incident matches this document: <span className="font-semibold">{match.title}</span> ({match.slug}
              , {match.status}).
            </p>
            <div className="flex flex-wrap gap-2">
              <Button size="sm" disabled={pending} onClick={() => attach(match.id)}>
                Attach to {match.slug}
              </Button>
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => create('create')}>
                Create a new incident
              </Button>
            </div>
          </div>
        )}
        {into ? (
          <Button onClick={() => attach(into.id)} disabled={!plan || pending} data-testid="attach-plan">
            {pending ? 'Attaching…' : `Attach to ${into.slug}`}
          </Button>
        ) : (
          <Button onClick={() => create()} disabled={!plan || pending || Boolean(match)} data-testid="create-incident">
            {pending ? 'Creating…' : 'Create incident'}
          </Button>
        )}
      </aside>
    </div>
  );
}
