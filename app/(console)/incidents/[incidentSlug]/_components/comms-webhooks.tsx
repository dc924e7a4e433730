'use client';

import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError, ActionResult } from '@/lib/errors';
import { addIncidentWebhook, deactivateIncidentWebhook, removeIncidentWebhook } from '../comms/actions';
import { formText } from '@/lib/form-text';

type WebhookView = { id: string; name: string; urlHint: string; active: boolean };
const field =
  'w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';

/** Webhooks for published updates. The URL is write-only: once saved, only its hint is ever shown. */
export function CommsWebhooks({ incidentId, webhooks }: { incidentId: string; webhooks: WebhookView[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const run = (call: () => Promise<ActionResult<unknown>>, after?: () => void) =>
    start(async () => {
      const r = await call();
      setError(r.ok ? null : r.error);
      if (r.ok) {
        after?.();
        router.refresh();
      }
    });
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">Webhooks</h3>
      {webhooks.length === 0 ? (
        <p className="text-slate-500">Published updates are not posted anywhere yet.</p>
      ) : (
        <ul className="space-y-1" data-testid="webhooks">
          {webhooks.map((w) => (
            <li key={w.id} data-testid="webhook" className="flex items-center justify-between gap-2">
              <span className="min-w-0">
                <span className="font-medium">{w.name}</span>{' '}
                <span className="break-all font-mono text-xs text-slate-500">{w.urlHint}</span>{' '}
                {!w.active && <Badge>inactive</Badge>}
              </span>
              <span className="flex shrink-0 gap-1">
                {w.active && (
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={pending}
                    onClick={() => run(() => deactivateIncidentWebhook({ webhookId: w.id }))}
                  >
                    Deactivate
                  </Button>
                )}
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={pending}
                  onClick={() => run(() => removeIncidentWebhook({ webhookId: w.id }))}
                >
                  Remove
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        ref={form}
        aria-label="Add a webhook"
        className="mt-2 grid grid-cols-[8rem_minmax(0,1fr)_auto] gap-2"
        action={(fd) =>
          run(
            () => addIncidentWebhook({ incidentId, name: formText(fd, 'name'), url: formText(fd, 'url') }),
            () => form.current?.reset(),
          )
        }
      >
        <input name="name" aria-label="Webhook name" placeholder="ops-slack" className={field} autoComplete="off" />
        <input
          name="url"
          aria-label="Webhook URL"
          placeholder="https://hooks.slack.com/services/…"
          className={field}
          autoComplete="off"
          spellCheck={false}
        />
        <Button type="submit" size="sm" variant="secondary" disabled={pending}>
          Add webhook
        </Button>
      </form>
      <FormMessage error={error} />
    </div>
  );
}
