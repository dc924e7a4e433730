'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { Time } from '@/components/ui/time';
import { useFormAction } from '@/components/ui/use-form-action';
import type { ActionError, ActionResult } from '@/lib/errors';
import type { WebhookAudience } from '@/lib/comms/schemas';
import {
  addIncidentWebhook,
  deactivateIncidentWebhook,
  removeIncidentWebhook,
  retryIncidentWebhookDelivery,
  sendIncidentWebhookTest,
  setIncidentWebhookAudience,
} from '../comms/actions';
import { formText } from '@/lib/form-text';

export type DeliveryView = {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  detail: string | null;
  at: string;
};
type WebhookView = {
  id: string;
  name: string;
  urlHint: string;
  active: boolean;
  audience: string;
  last: DeliveryView | null;
};

const AUDIENCE_OPTIONS: { value: WebhookAudience; label: string }[] = [
  { value: 'all', label: 'Public and internal updates' },
  { value: 'public', label: 'Public updates only' },
];

/**
 * Webhooks for published updates: what each receives, how its last delivery
 * went (from the delivery outbox), a test message and a retry. The URL is
 * write-only: once saved, only its hint is ever shown.
 */
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
    (fd) =>
      addIncidentWebhook({
        incidentId,
        name: formText(fd, 'name'),
        url: formText(fd, 'url'),
        // The action's schema names a value that is neither.
        audience: formText(fd, 'audience') as WebhookAudience,
      }),
    () => router.refresh(),
  );
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">Webhooks</h3>
      {webhooks.length === 0 ? (
        <p className="text-slate-500">Published updates are not posted anywhere yet.</p>
      ) : (
        <ul className="space-y-2" data-testid="webhooks">
          {webhooks.map((w) => (
            <li
              key={w.id}
              data-testid="webhook"
              className="rounded-md border border-slate-200 p-2 dark:border-slate-800"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="min-w-0">
                  <span className="font-medium">{w.name}</span>{' '}
                  <span className="break-all font-mono text-xs text-slate-500">{w.urlHint}</span>{' '}
                  {!w.active && <Badge>inactive</Badge>}
                </span>
                <span className="flex shrink-0 flex-wrap gap-1">
                  {w.active && (
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={pending}
                      onClick={() => run(() => sendIncidentWebhookTest({ webhookId: w.id }))}
                    >
                      Send test
                    </Button>
                  )}
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
              </div>
              <div className="mt-1 flex flex-wrap items-center justify-between gap-2 text-xs">
                <label className="flex items-center gap-1 text-slate-600 dark:text-slate-300">
                  Receives
                  <select
                    aria-label={`${w.name} receives`}
                    data-testid="webhook-audience"
                    value={w.audience}
                    disabled={pending}
                    onChange={(e) =>
                      run(() =>
                        setIncidentWebhookAudience({ webhookId: w.id, audience: e.target.value as WebhookAudience }),
                      )
                    }
                    className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
                  >
                    {AUDIENCE_OPTIONS.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </label>
                <LastDelivery
                  last={w.last}
                  pending={pending}
                  onRetry={(id) => run(() => retryIncidentWebhookDelivery({ deliveryId: id }))}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      <form
        aria-label="Add a webhook"
        className="mt-2 grid grid-cols-[8rem_minmax(0,1fr)] gap-2 sm:grid-cols-[8rem_minmax(0,1fr)_auto_auto]"
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
        <select
          key={adding.values.audience}
          name="audience"
          aria-label="Webhook receives"
          defaultValue={adding.values.audience || 'all'}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {AUDIENCE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <Button type="submit" size="sm" variant="secondary" disabled={adding.pending}>
          Add webhook
        </Button>
      </form>
      <FormMessage error={error ?? adding.error} />
    </div>
  );
}

function LastDelivery({
  last,
  pending,
  onRetry,
}: {
  last: DeliveryView | null;
  pending: boolean;
  onRetry: (deliveryId: string) => void;
}) {
  if (!last)
    return (
      <span className="text-slate-500" data-testid="webhook-last-delivery">
        No deliveries yet.
      </span>
    );
  const what = last.kind === 'test' ? 'Test message' : 'Last update';
  const tries = `${last.attempts} attempt${last.attempts === 1 ? '' : 's'}`;
  const text =
    last.status === 'delivered'
      ? `${what} delivered (${last.detail}, ${tries})`
      : last.status === 'failed'
        ? `${what} failed${last.attempts ? ` after ${tries}` : ''}: ${last.detail}`
        : `${what} sending…`;
  return (
    <span
      className="flex items-center gap-2"
      data-testid="webhook-last-delivery"
      data-status={last.status}
      data-kind={last.kind}
    >
      <span
        className={
          last.status === 'failed'
            ? 'font-medium text-rose-700 dark:text-rose-300'
            : last.status === 'delivered'
              ? 'text-emerald-700 dark:text-emerald-400'
              : 'text-slate-600 dark:text-slate-300'
        }
      >
        {text} · <Time iso={last.at} ago />
      </span>
      {last.status === 'failed' && (
        <Button size="sm" variant="secondary" disabled={pending} onClick={() => onRetry(last.id)}>
          Retry
        </Button>
      )}
    </span>
  );
}
