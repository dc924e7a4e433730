'use client';

import { useEffect, useState, useSyncExternalStore, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { useFormAction } from '@/components/ui/use-form-action';
import { useNow } from '@/components/ui/use-now';
import {
  clockOf,
  OverdueTabTitle,
  useOverdueCadences,
  type CadenceClockView,
} from '@/components/comms/cadence-overdue';
import { currentMissedDueAt, formatClock, msUntilDue, periodState } from '@/lib/comms/cadence';
import type { ActionError } from '@/lib/errors';
import type { Audience } from '@/lib/comms/schemas';
import { addUpdateCadence, stopUpdateCadence } from '../comms/actions';
import { formText } from '@/lib/form-text';
import { formatTime } from '@/lib/time/format-time';

export type CadenceView = CadenceClockView & {
  /** The recurring checklist item it keeps ("Status update every 15 minutes"), if any. */
  linkedItem: { text: string; done: boolean } | null;
};

// 24-hour, as the rest of the console and the server's "09:15 UTC" name times.
const hhmm = (d: Date) => d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function CommsCadences({
  incidentId,
  cadences,
  canManage,
  resolved,
}: {
  incidentId: string;
  cadences: CadenceView[];
  canManage: boolean;
  resolved: boolean;
}) {
  const now = useNow();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [stopError, setStopError] = useState<ActionError | null>(null);
  const adding = useFormAction(
    (fd) =>
      addUpdateCadence({
        incidentId,
        text: formText(fd, 'text'),
        // The action's schema names a value that is neither.
        audience: formText(fd, 'audience') as Audience,
      }),
    () => router.refresh(),
  );
  useOverdueNotifications(cadences, now, resolved);
  const overdueNow = useOverdueCadences(cadences, resolved);

  return (
    <div className="space-y-2">
      <OverdueTabTitle overdue={overdueNow.length > 0} />
      {cadences.length === 0 ? (
        <p className="text-slate-500">No update cadence.</p>
      ) : (
        <ul className="space-y-1.5">
          {cadences.map((c) => {
            const left = now === null ? null : msUntilDue(clockOf(c), new Date(now));
            const overdue = !resolved && left !== null && left <= 0;
            return (
              <li
                key={c.id}
                data-testid="cadence"
                data-overdue={overdue}
                className={`rounded-md p-2 ${overdue ? 'bg-rose-50 ring-1 ring-rose-400 dark:bg-rose-950' : 'bg-slate-50 dark:bg-slate-900'}`}
              >
                <div className="flex items-center justify-between gap-2">
                  <span>{c.text}</span>
                  <span className="flex shrink-0 gap-1">
                    <span
                      data-testid="cadence-audience"
                      className="rounded bg-slate-200 px-1.5 py-0.5 text-xs dark:bg-slate-800"
                    >
                      kept by {c.audience} updates
                    </span>
                    <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs tabular-nums dark:bg-slate-800">
                      every {c.everyMinutes} min
                    </span>
                  </span>
                </div>
                {c.linkedItem && now !== null && !resolved && <PeriodLine cadence={c} now={now} />}
                <div className="mt-1 flex items-center justify-between gap-2">
                  <span
                    data-testid="cadence-countdown"
                    aria-live="off"
                    className={`text-sm font-medium tabular-nums ${overdue ? 'text-rose-700 dark:text-rose-300' : 'text-slate-700 dark:text-slate-200'}`}
                  >
                    {resolved
                      ? 'incident resolved — no updates due'
                      : left === null
                        ? '—'
                        : overdue
                          ? `overdue by ${formatClock(-left)}`
                          : `next update in ${formatClock(left)}`}
                  </span>
                  {canManage && (
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={pending}
                      onClick={() =>
                        start(async () => {
                          const r = await stopUpdateCadence({ cadenceId: c.id });
                          setStopError(r.ok ? null : r.error);
                          if (r.ok) router.refresh();
                        })
                      }
                    >
                      Stop
                    </Button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <EnableNotifications />
      {canManage && (
        <form aria-label="Add a cadence" className="flex items-center gap-2" action={adding.formAction}>
          <Input
            name="text"
            aria-label="New cadence"
            placeholder="e.g. Exec summary every 30 minutes"
            size="sm"
            defaultValue={adding.values.text}
          />
          <select
            key={adding.values.audience}
            name="audience"
            aria-label="Kept by"
            defaultValue={adding.values.audience || 'public'}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="public">kept by public updates</option>
            <option value="internal">kept by internal updates</option>
          </select>
          <Button type="submit" size="sm" variant="secondary" disabled={adding.pending}>
            Add cadence
          </Button>
        </form>
      )}
      <FormMessage error={stopError ?? adding.error} />
    </div>
  );
}

/** The recurring item, done per period: "done for 04:15–04:30", or due again once the period has passed. */
function PeriodLine({ cadence, now }: { cadence: CadenceView; now: number }) {
  const state = periodState(clockOf(cadence), new Date(now));
  const item = cadence.linkedItem?.text ?? '';
  return (
    <p data-testid="cadence-period" data-state={state.kind} className="mt-1 text-xs text-slate-600 dark:text-slate-300">
      “{item}”{' '}
      {state.kind === 'done'
        ? `— done for ${hhmm(state.from)}–${hhmm(state.until)}`
        : state.kind === 'open'
          ? `— first update due by ${hhmm(state.dueAt)}`
          : `— due again since ${hhmm(state.since)}`}
    </p>
  );
}

// Browser notification permission as an external store, so the button re-renders after the prompt.
const permissionListeners = new Set<() => void>();
const subscribePermission = (l: () => void) => {
  permissionListeners.add(l);
  return () => void permissionListeners.delete(l);
};
const readPermission = (): NotificationPermission | 'unsupported' =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

function useNotificationPermission() {
  return useSyncExternalStore(subscribePermission, readPermission, () => 'unsupported' as const);
}

function EnableNotifications() {
  const permission = useNotificationPermission();
  if (permission === 'unsupported' || permission === 'granted') return null;
  if (permission === 'denied')
    return <p className="text-xs text-slate-500">Notifications are blocked for this site in your browser.</p>;
  return (
    <Button
      size="sm"
      variant="secondary"
      onClick={async () => {
        await Notification.requestPermission();
        for (const l of permissionListeners) l();
      }}
    >
      Enable notifications
    </Button>
  );
}

/**
 * One notification per cadence per missed period, across reloads and tabs:
 * the period's due time is remembered in localStorage, and the tag makes
 * two tabs firing at once collapse into one notification.
 */
function useOverdueNotifications(cadences: CadenceView[], now: number | null, resolved: boolean) {
  const permission = useNotificationPermission();
  useEffect(() => {
    if (now === null || resolved || permission !== 'granted') return;
    for (const c of cadences) {
      const due = currentMissedDueAt(clockOf(c), new Date(now));
      if (!due) continue;
      const key = `warroom:cadence-notified:${c.id}:${due.getTime()}`;
      try {
        if (localStorage.getItem(key)) continue;
        localStorage.setItem(key, '1');
      } catch {
        // Private mode without storage: still notify, at most once per page view per period via the tag.
      }
      new Notification('Status update overdue', {
        body: `${c.text} — was due ${formatTime(due, Intl.DateTimeFormat().resolvedOptions().timeZone, { style: 'time' })}`,
        tag: key,
      });
    }
  }, [cadences, now, resolved, permission]);
}
