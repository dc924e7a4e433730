'use client';

import { useState, useTransition } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import type { ActionError, ActionResult } from '@/lib/errors';
import type { ConnectionTestView, FetchedKeyView, PinResult } from '@/lib/hosts/hosts';
import type { HostView } from '@/lib/hosts/queries';
import { hostKeyState } from '@/lib/hosts/key-state';
import { fetchHostKey, removeHost, testHostConnection } from '../actions';
import { EditHostForm } from './edit-host-form';
import { ErrorBox } from './error-box';
import { HostKeyPanel } from './host-key-panel';
import { TestResultPanel } from './test-result-panel';

type Panel =
  | { kind: 'key'; result: ActionResult<FetchedKeyView> }
  | { kind: 'test'; result: ActionResult<ConnectionTestView> }
  | { kind: 'pinned'; data: PinResult }
  | { kind: 'edit' }
  | { kind: 'remove'; error?: ActionError }
  | null;

const STATUS_LABEL: Record<string, { code: string; tone: BadgeTone }> = {
  succeeded: { code: 'OK', tone: 'green' },
  failed: { code: 'COMMAND_FAILED', tone: 'red' },
  timed_out: { code: 'TIMED_OUT', tone: 'red' },
  cancelled: { code: 'CANCELLED', tone: 'gray' },
  host_unreachable: { code: 'HOST_UNREACHABLE', tone: 'red' },
  auth_failed: { code: 'AUTH_FAILED', tone: 'red' },
  disconnected: { code: 'DISCONNECTED', tone: 'red' },
  host_key_unknown: { code: 'HOST_KEY_UNKNOWN', tone: 'red' },
  host_key_changed: { code: 'HOST_KEY_CHANGED', tone: 'red' },
};

const cell = 'py-2 pr-3 align-top';

export function HostRow({ host, canManage }: { host: HostView; canManage: boolean }) {
  const [panel, setPanel] = useState<Panel>(null);
  const [pending, start] = useTransition();
  const [busy, setBusy] = useState<'key' | 'test' | null>(null);
  const last = host.lastTestStatus
    ? (STATUS_LABEL[host.lastTestStatus] ?? { code: host.lastTestStatus, tone: 'gray' as const })
    : null;

  const keyState = hostKeyState(host);

  const fetchKey = () => {
    setBusy('key');
    start(async () => {
      setPanel({ kind: 'key', result: await fetchHostKey({ hostId: host.id }) });
      setBusy(null);
    });
  };
  const test = () => {
    setBusy('test');
    start(async () => {
      setPanel({ kind: 'test', result: await testHostConnection({ hostId: host.id }) });
      setBusy(null);
    });
  };

  return (
    <>
      <tr
        id={`host-${host.name}`}
        data-testid={`host-row-${host.name}`}
        className="border-t border-slate-200 dark:border-slate-800"
      >
        <td className={`${cell} font-medium`}>{host.name}</td>
        <td className={`${cell} font-mono text-xs`} data-label="Address">
          {host.address.includes(':') ? `[${host.address}]` : host.address}:{host.port}
        </td>
        <td className={`${cell} font-mono text-xs`} data-label="User">
          {host.username}
        </td>
        <td className={cell}>
          <span className="flex flex-wrap gap-1">
            {host.tags.map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
          </span>
        </td>
        <td className={`${cell} text-xs`} data-label="Services">
          {host.serviceManager}
        </td>
        <td className={cell} data-testid="host-pin" data-label="Host key" data-state={keyState}>
          {keyState === 'untrusted' ? (
            <span className="block">
              <Badge tone="amber">not trusted</Badge>
              <span className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">
                unusable until an admin trusts its key
              </span>
            </span>
          ) : (
            <span className="block">
              {keyState === 'mismatch' ? (
                <Badge tone="red" title="The host presented a different key at the last test; nothing runs on it">
                  key mismatch
                </Badge>
              ) : (
                <Badge tone="green" title={host.pinnedBy ? `Trusted by ${host.pinnedBy}` : undefined}>
                  pinned
                </Badge>
              )}{' '}
              <span className="text-xs text-slate-600 dark:text-slate-400">{host.hostKeyType}</span>
              {keyState === 'mismatch' && (
                <span className="mt-0.5 block text-xs text-rose-700 dark:text-rose-300">
                  refused: expected this pin; fetch the key to compare and re-pin
                </span>
              )}
              <code
                className="block break-all font-mono text-[11px] text-slate-600 dark:text-slate-300"
                data-testid="host-pin-fingerprint"
              >
                {host.hostKeyPin}
              </code>
            </span>
          )}
        </td>
        <td className={`${cell} max-w-64`} data-testid="host-last-test" data-label="Last test">
          {last ? (
            <span className="block text-xs">
              <Badge tone={last.tone}>{last.code}</Badge>
              {host.lastTestMs !== null && (
                <span className="ml-1 tabular-nums text-slate-500">{host.lastTestMs} ms</span>
              )}
              {host.lastTestAt && (
                <span className="ml-1 text-slate-500">
                  <Time iso={host.lastTestAt} />
                </span>
              )}
              <span
                className="mt-0.5 block max-w-full truncate font-mono text-[11px] text-slate-600 dark:text-slate-400"
                title={host.lastTestResult ?? ''}
              >
                {host.lastTestResult}
              </span>
            </span>
          ) : (
            <span className="text-xs text-slate-600 dark:text-slate-400">never tested</span>
          )}
        </td>
        {canManage && (
          <td className="py-2 text-right align-top">
            <span className="inline-flex flex-wrap justify-end gap-1 max-sm:justify-start">
              <Button size="sm" variant="secondary" disabled={pending} onClick={fetchKey}>
                {busy === 'key' ? 'Fetching…' : 'Fetch host key'}
              </Button>
              <Button size="sm" variant="secondary" disabled={pending} onClick={test}>
                {busy === 'test' ? 'Testing…' : 'Test connection'}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={pending}
                onClick={() => setPanel(panel?.kind === 'edit' ? null : { kind: 'edit' })}
              >
                Edit
              </Button>
              <Button size="sm" variant="ghost" disabled={pending} onClick={() => setPanel({ kind: 'remove' })}>
                Remove
              </Button>
            </span>
          </td>
        )}
      </tr>
      {canManage && panel && (
        <tr data-testid={`host-panel-${host.name}`}>
          <td colSpan={8} className="pb-3">
            <div className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
              {panel.kind === 'key' &&
                (panel.result.ok ? (
                  <HostKeyPanel
                    host={host}
                    fetched={panel.result.data}
                    onPinned={(data) => setPanel({ kind: 'pinned', data })}
                  />
                ) : (
                  <ErrorBox error={panel.result.error} />
                ))}
              {panel.kind === 'pinned' && (
                <p role="status" data-testid="pin-success" className="text-sm text-emerald-700 dark:text-emerald-400">
                  {panel.data.previous
                    ? `Re-pinned ${panel.data.name}: ${panel.data.previous} → ${panel.data.fingerprint}.`
                    : `Trusted ${panel.data.keyType} ${panel.data.fingerprint} for ${panel.data.name}.`}{' '}
                  Now test the connection.
                </p>
              )}
              {panel.kind === 'test' &&
                (panel.result.ok ? (
                  <TestResultPanel report={panel.result.data} />
                ) : (
                  <ErrorBox error={panel.result.error} />
                ))}
              {panel.kind === 'edit' && <EditHostForm host={host} onDone={() => setPanel(null)} />}
              {panel.kind === 'remove' && (
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span>
                    Remove <strong>{host.name}</strong> and its stored key? Playbooks can no longer target it.
                  </span>
                  <Button
                    size="sm"
                    variant="danger"
                    disabled={pending}
                    onClick={() =>
                      start(async () => {
                        const result = await removeHost({ hostId: host.id });
                        setPanel(result.ok ? null : { kind: 'remove', error: result.error });
                      })
                    }
                  >
                    Remove {host.name}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setPanel(null)}>
                    Keep it
                  </Button>
                  {panel.error && <ErrorBox error={panel.error} />}
                </div>
              )}
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
