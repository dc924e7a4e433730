'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionError } from '@/lib/errors';
import type { DryRun } from '@/lib/playbooks/dry-run';
import { dryRun, requestRun } from '../../actions';
import { requestApproval } from '../../../approvals/actions';
import { DryRunView } from './dry-run-view';

export type ParamField = {
  name: string;
  type: string;
  label: string;
  description: string | null;
  default: string;
  values: string[] | null;
};

const inputClass =
  'mt-1 w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950';

/**
 * Typed inputs, a host picker, the dry run shown before Run. Run sends the
 * digest of the dry run on screen: if anything changed since, the server
 * refuses and shows the new one.
 */
export function RunForm({
  playbook,
  destructive,
  fields,
  hosts,
  incidentSlug,
  checklistItemId,
  approvalId,
}: {
  playbook: string;
  destructive: boolean;
  fields: ParamField[];
  hosts: { name: string; tags: string[]; pinned: boolean }[];
  incidentSlug: string | null;
  checklistItemId: string | null;
  /** A run on an approval: refused by the server unless this dry run is exactly the approved one. */
  approvalId: string | null;
}) {
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(fields.map((f) => [f.name, f.default])),
  );
  const [chosen, setChosen] = useState<string[]>(hosts.length === 1 && hosts[0] ? [hosts[0].name] : []);
  const [dry, setDry] = useState<DryRun | null>(null);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  const secretNames = fields.filter((f) => f.type === 'secret').map((f) => f.name);
  const plain = () =>
    Object.fromEntries(Object.entries(values).filter(([k, v]) => !secretNames.includes(k) && v !== ''));
  const secrets = () =>
    Object.fromEntries(Object.entries(values).filter(([k, v]) => secretNames.includes(k) && v !== ''));
  const change = (name: string, value: string) => {
    setValues((old) => ({ ...old, [name]: value }));
    setDry(null);
  };

  return (
    <form
      aria-label={`Run ${playbook}`}
      className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await dryRun({ playbook, hosts: chosen, params: plain() });
          setError(r.ok ? null : r.error);
          setDry(r.ok ? r.data : null);
        });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map((f) => (
          <label key={f.name} className="block">
            <span className="text-xs font-medium text-slate-500">
              {f.label} <span className="font-normal">({f.type})</span>
            </span>
            {f.values ? (
              <select
                name={f.name}
                value={values[f.name]}
                onChange={(e) => change(f.name, e.target.value)}
                className={inputClass}
              >
                {f.values.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            ) : (
              <input
                name={f.name}
                type={f.type === 'secret' ? 'password' : 'text'}
                inputMode={['port', 'pid', 'int'].includes(f.type) ? 'numeric' : undefined}
                autoComplete="off"
                value={values[f.name]}
                onChange={(e) => change(f.name, e.target.value)}
                className={inputClass}
              />
            )}
            {f.description && <span className="mt-0.5 block text-xs text-slate-500">{f.description}</span>}
            {error?.fieldErrors?.[f.name] && (
              <span className="mt-0.5 block text-xs text-rose-600" data-testid={`field-error-${f.name}`}>
                {error.fieldErrors[f.name]?.join(' ')}
              </span>
            )}
          </label>
        ))}
      </div>
      <fieldset>
        <legend className="text-xs font-medium text-slate-500">Hosts</legend>
        {hosts.length === 0 && <p className="text-sm text-slate-500">No hosts yet: add one on the Hosts page.</p>}
        <div className="mt-1 flex flex-wrap gap-3">
          {hosts.map((h) => (
            <label key={h.name} className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={chosen.includes(h.name)}
                onChange={(e) => {
                  setChosen((old) => (e.target.checked ? [...old, h.name] : old.filter((n) => n !== h.name)));
                  setDry(null);
                }}
              />
              {h.name}
              {h.tags.length > 0 && <span className="text-xs text-slate-500">{h.tags.join(', ')}</span>}
              {!h.pinned && <span className="text-xs text-rose-600">key not trusted</span>}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary" disabled={pending || chosen.length === 0}>
          {pending && !dry ? 'Looking at the hosts…' : 'Dry run'}
        </Button>
        {dry && (
          <Button
            type="button"
            variant={destructive ? 'danger' : 'primary'}
            disabled={pending || !dry.ok || (destructive && !approvalId)}
            title={destructive && !approvalId ? 'Destructive: needs a second person’s approval' : undefined}
            onClick={() =>
              start(async () => {
                const r = await requestRun({
                  approvalId: approvalId ?? undefined,
                  checklistItemId: checklistItemId ?? undefined,
                  playbook,
                  hosts: chosen,
                  params: plain(),
                  secrets: secrets(),
                  digest: dry.digest,
                  incidentSlug: incidentSlug ?? undefined,
                });
                if (r.ok) router.push(`/runs/${r.data.id}`);
                else {
                  setError(r.error);
                  if (r.error.current) setDry(r.error.current as DryRun);
                }
              })
            }
          >
            {approvalId ? 'Run with approval on' : 'Run on'} {chosen.length} host{chosen.length === 1 ? '' : 's'}
          </Button>
        )}
        {dry && destructive && !approvalId && (
          <Button
            type="button"
            variant="primary"
            disabled={pending || !dry.ok}
            onClick={() =>
              start(async () => {
                const r = await requestApproval({
                  playbook,
                  hosts: chosen,
                  params: plain(),
                  digest: dry.digest,
                  incidentSlug: incidentSlug ?? undefined,
                  checklistItemId: checklistItemId ?? undefined,
                });
                if (r.ok) router.push(`/approvals/${r.data.id}`);
                else {
                  setError(r.error);
                  if (r.error.current) setDry(r.error.current as DryRun);
                }
              })
            }
          >
            Ask for approval of this dry run
          </Button>
        )}
        {destructive && (
          <span className="text-xs text-slate-500">
            Destructive: runs only with a second person&apos;s approval of this exact dry run
            {approvalId ? ` (acting on approval ${approvalId})` : ''}.
          </span>
        )}
      </div>
      <FormMessage error={error} />
      {dry && <DryRunView dry={dry} />}
    </form>
  );
}
