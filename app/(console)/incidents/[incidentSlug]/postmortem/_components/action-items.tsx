'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError } from '@/lib/errors';
import { formText } from '@/lib/form-text';
import type { PostmortemEditing } from '@/lib/postmortem/load-postmortem';
import { deleteActionItem, editActionItem, promoteActionItem } from '../actions';

const field = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';

type Item = PostmortemEditing['actionItems'][number];

export function ActionItems({ items, canEdit }: { items: Item[]; canEdit: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const call = (fn: () => Promise<{ ok: boolean; error?: ActionError }>) =>
    start(async () => {
      const r = await fn();
      setError(r.ok ? null : (r.error ?? null));
      router.refresh();
    });
  if (!items.length)
    return (
      <p className="text-slate-500">
        No action items yet: promote a long-term fix (What was done) or an unticked item (Left undone), or add one here.
      </p>
    );
  return (
    <div>
      <table className="w-full border-collapse text-left text-sm" data-testid="action-items">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="w-8 py-1">Done</th>
            <th className="py-1 pr-2">Action</th>
            <th className="py-1 pr-2">Owner</th>
            <th className="py-1 pr-2">Due</th>
            <th className="py-1 pr-2">Link</th>
            {canEdit && <th className="py-1 print:hidden" />}
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr
              key={a.id}
              className="border-t border-slate-200 align-top dark:border-slate-800"
              data-testid="action-item"
            >
              <td className="py-1.5">
                <input
                  type="checkbox"
                  aria-label={`Done: ${a.text}`}
                  checked={a.done}
                  disabled={!canEdit || pending}
                  onChange={(e) =>
                    call(() =>
                      editActionItem({
                        actionItemId: a.id,
                        version: a.version,
                        text: a.text,
                        owner: a.owner,
                        due: a.due,
                        link: a.link,
                        done: e.target.checked,
                      }),
                    )
                  }
                />
              </td>
              <td className="py-1.5 pr-2">{a.text}</td>
              <td className="py-1.5 pr-2">{a.owner ?? '—'}</td>
              <td className="py-1.5 pr-2 tabular-nums">{a.due ?? '—'}</td>
              <td className="max-w-48 truncate py-1.5 pr-2">
                {a.link ? (
                  <a
                    href={a.link}
                    rel="noopener noreferrer nofollow"
                    className="text-sky-600 underline dark:text-sky-400"
                  >
                    {a.link}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              {canEdit && (
                <td className="py-1.5 print:hidden">
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={pending}
                    onClick={() => call(() => deleteActionItem({ actionItemId: a.id, version: a.version }))}
                  >
                    Remove
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <FormMessage error={error} />
    </div>
  );
}

/**
 * "Promote to action item": the text comes from the fix or item (editable),
 * owner, due date and link are optional.
 */
export function PromoteForm({
  incidentId,
  text,
  sourceType,
  sourceId,
  label = 'Promote to action item',
}: {
  incidentId: string;
  text: string;
  sourceType?: 'fix' | 'checklist-item';
  sourceId?: string;
  label?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(!sourceId);
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  if (!open)
    return (
      <Button size="sm" variant="secondary" className="print:hidden" onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  return (
    <form
      aria-label={sourceId ? `Promote “${text}”` : 'Add an action item'}
      className="mt-1 space-y-1.5 rounded-md border border-slate-200 p-2 print:hidden dark:border-slate-800"
      action={(fd) =>
        start(async () => {
          const r = await promoteActionItem({
            incidentId,
            text: formText(fd, 'text'),
            owner: formText(fd, 'owner'),
            due: formText(fd, 'due'),
            link: formText(fd, 'link'),
            sourceType: sourceType ?? null,
            sourceId: sourceId ?? null,
          });
          setError(r.ok ? null : r.error);
          if (r.ok) {
            if (sourceId) setOpen(false);
            router.refresh();
          }
        })
      }
    >
      <input
        name="text"
        aria-label="Action item"
        defaultValue={text}
        placeholder="What must be done"
        className={`${field} w-full`}
      />
      <div className="flex flex-wrap items-center gap-2">
        <input name="owner" aria-label="Owner" placeholder="owner (email or name)" className={field} />
        <input name="due" aria-label="Due date" type="date" className={field} />
        <input name="link" aria-label="Link" type="url" placeholder="https://tracker/…" className={field} />
        <Button type="submit" size="sm" disabled={pending}>
          {sourceId ? 'Promote' : 'Add'}
        </Button>
        {sourceId && (
          <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        )}
      </div>
      <FormMessage error={error} />
    </form>
  );
}
