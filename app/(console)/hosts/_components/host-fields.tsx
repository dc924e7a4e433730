'use client';

import { useState } from 'react';
import { Field, Input, Select, Textarea } from '@/components/ui/input';

const labelText = 'text-xs font-medium text-slate-500';

export type HostDefaults = {
  name?: string;
  address?: string;
  port?: number;
  username?: string;
  tags?: string[];
  serviceManager?: string;
  passwordlessSudo?: boolean;
};

/** Name, address, port, user, tags, service manager: the same in the add and the edit form. */
export function HostFields({ defaults = {}, errors }: { defaults?: HostDefaults; errors?: Record<string, string[]> }) {
  return (
    <>
      <Field label="Name" name="name" errors={errors}>
        <Input name="name" required defaultValue={defaults.name} placeholder="tms-frontend-1" autoComplete="off" />
      </Field>
      <div className="grid grid-cols-[1fr_6rem] gap-2">
        <Field label="Address" name="address" errors={errors}>
          <Input
            name="address"
            required
            defaultValue={defaults.address}
            placeholder="10.0.4.12 or web1.internal"
            autoComplete="off"
          />
        </Field>
        <Field label="Port" name="port" errors={errors}>
          <Input name="port" inputMode="numeric" defaultValue={defaults.port ?? 22} />
        </Field>
      </div>
      <Field label="SSH user" name="username" errors={errors}>
        <Input name="username" required defaultValue={defaults.username} placeholder="deploy" autoComplete="off" />
      </Field>
      <Field label="Tags (comma-separated)" name="tags" errors={errors}>
        <Input name="tags" defaultValue={defaults.tags?.join(', ')} placeholder="frontend, prod" autoComplete="off" />
      </Field>
      <Field label="Service manager" name="serviceManager" errors={errors}>
        <Select name="serviceManager" defaultValue={defaults.serviceManager ?? 'systemd'}>
          <option value="systemd">systemd</option>
          <option value="supervisor">supervisor</option>
        </Select>
      </Field>
      <label className="flex items-start gap-2">
        {/* A hidden "false" first: an unticked checkbox sends nothing, and the edit form must be able to turn it off. */}
        <input type="hidden" name="passwordlessSudo" value="false" />
        <input
          type="checkbox"
          name="passwordlessSudo"
          value="true"
          defaultChecked={defaults.passwordlessSudo ?? false}
          className="mt-0.5"
        />
        <span className="text-xs text-slate-600 dark:text-slate-400">
          Passwordless sudo is set up for this user (<code>sudo -n</code> works). Playbook steps that need sudo are
          refused on hosts without it.
        </span>
      </label>
    </>
  );
}

/** Paste a key or generate one. Optional when editing: blank keeps the stored key. */
export function KeyFields({ errors, optional = false }: { errors?: Record<string, string[]>; optional?: boolean }) {
  const [mode, setMode] = useState<'keep' | 'paste' | 'generate'>(optional ? 'keep' : 'paste');
  const choices = optional ? (['keep', 'paste', 'generate'] as const) : (['paste', 'generate'] as const);
  const label = { keep: 'Keep the stored key', paste: 'Paste a private key', generate: 'Generate an ed25519 key' };
  return (
    <fieldset className="space-y-2">
      <legend className={labelText}>SSH key</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {choices.map((choice) => (
          <label key={choice} className="inline-flex items-center gap-1.5">
            <input
              type="radio"
              name="keyMode"
              value={choice}
              checked={mode === choice}
              onChange={() => setMode(choice)}
            />
            {label[choice]}
          </label>
        ))}
      </div>
      {mode === 'generate' && <input type="hidden" name="generate" value="true" />}
      {mode === 'paste' && (
        <>
          <Field label="Private key (stored encrypted; never shown again)" name="privateKey" errors={errors}>
            <Textarea
              name="privateKey"
              rows={5}
              spellCheck={false}
              autoComplete="off"
              placeholder={'-----BEGIN OPENSSH PRIVATE KEY-----\n…'}
              className="font-mono"
            />
          </Field>
          <Field label="Passphrase (only if the key has one)" name="passphrase" errors={errors}>
            <Input name="passphrase" type="password" autoComplete="off" />
          </Field>
        </>
      )}
      {mode === 'generate' && (
        <p className="text-xs text-slate-500">
          warroom creates the key pair and keeps the private half encrypted. You get the public key to add to the
          host&apos;s <code>authorized_keys</code>.
        </p>
      )}
    </fieldset>
  );
}
