'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { useFormAction } from '@/components/ui/use-form-action';
import type { ActionError, ActionResult } from '@/lib/errors';
import { addIncidentWebhook, deactivateIncidentWebhook, removeIncidentWebhook } from '../comms/actions';
import { formText } from '@/lib/form-text';

type WebhookView = { id: string; name: string; urlHint: string; active: boolean };

/** Webhooks for published updates. The URL is write-only: once saved, only its hint is ever shown. */
export function CommsWebhooks({ incidentId, webhooks }: { incidentId: string; webhooks: WebhookView[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const run = (call: () => Promise<ActionResult<unknown>>) =>
    start(async () => {
      const r = await call();
      setError(r.ok ? null : r.error);
      if (r.ok) router.refresh();
    });
  const adding = useFormAction(
    (fd) => addIncidentWebhook({ incidentId, name: formText(fd, 'name'), url: formText(fd, 'url') }),
    () => router.refresh(),
  );
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
        aria-label="Add a webhook"
        className="mt-2 grid grid-cols-[8rem_minmax(0,1fr)_auto] gap-2"
        action={adding.formAction}
      >
        <Input
          name="name"
          aria-label="Webhook name"
          placeholder="ops-slack"
          size="sm"
          autoComplete="off"
          defaultValue={adding.values.name}
        />
        <Input
          name="url"
          aria-label="Webhook URL"
          placeholder="https://hooks.slack.com/services/…"
          size="sm"
          autoComplete="off"
          spellCheck={false}
          defaultValue={adding.values.url}
        />
        <Button type="submit" size="sm" variant="secondary" disabled={adding.pending}>
          Add webhook
        </Button>
      </form>
      <FormMessage error={error ?? adding.error} />
    </div>
  );
}
