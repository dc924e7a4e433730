'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import type { ItemState } from '@/lib/checklists/item-state';
import { suggestPlaybook } from '@/lib/checklists/suggest-playbook';
import { linkChecklistPlaybook } from '../actions';

export type PlaybookLinks = { canLink: boolean; canRun: boolean; playbooks: string[] };

/**
 * The item's playbook: a Run button once linked, the run that is its
 * evidence, and — for commanders — the suggested link to confirm.
 */
export function ChecklistItemPlaybook({ item, slug, links }: { item: ItemState; slug: string; links: PlaybookLinks }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const suggestion = !item.playbookId && links.canLink ? suggestPlaybook(item.text, links.playbooks) : null;
  if (!item.playbookId && !suggestion && !item.runId) return null;
  const link = (playbook: string | null) =>
    start(async () => {
      const r = await linkChecklistPlaybook({ itemId: item.id, playbook, version: item.version });
      setError(r.ok ? null : r.error.message);
    });
  return (
    <div className="ml-5 flex flex-wrap items-center gap-2 text-xs text-slate-500" data-testid="item-playbook">
      {item.playbookId && (
        <>
          <span>
            playbook <code>{item.playbookId}</code>
          </span>
          {links.canRun && !item.done && (
            <Link
              className="rounded bg-slate-900 px-1.5 py-0.5 font-medium text-white dark:bg-slate-100 dark:text-slate-900"
              href={`/playbooks/${encodeURIComponent(item.playbookId)}?incident=${encodeURIComponent(slug)}&item=${encodeURIComponent(item.id)}`}
            >
              Run
            </Link>
          )}
        </>
      )}
      {item.runId && (
        <Link className="underline" href={`/runs/${item.runId}`} data-testid="item-evidence">
          {item.evidence ?? `run #${item.runId} did not succeed`}
        </Link>
      )}
      {suggestion && (
        <>
          <span>
            suggested playbook <code>{suggestion}</code>
          </span>
          <button
            type="button"
            disabled={pending}
            className="rounded border border-slate-300 px-1.5 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-900"
            onClick={() => link(suggestion)}
          >
            Confirm link
          </button>
        </>
      )}
      {error && <span className="text-rose-600">{error}</span>}
    </div>
  );
}
