'use client';

import { useState } from 'react';

export const inputClass =
  'mt-1 w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950';
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

export function FieldError({ errors, name }: { errors?: Record<string, string[]>; name: string }) {
  const messages = errors?.[name];
  if (!messages?.length) return null;
  return (
    <span data-testid={`field-error-${name}`} className="mt-0.5 block text-xs text-rose-600 dark:text-rose-400">
      {messages.join(' ')}
    </span>
  );
}

/** Name, address, port, user, tags, service manager: the same in the add and the edit form. */
export function HostFields({ defaults = {}, errors }: { defaults?: HostDefaults; errors?: Record<string, string[]> }) {
  return (
    <>
      <label className="block">
        <span className={labelText}>Name</span>
        <input
          name="name"
          required
          defaultValue={defaults.name}
          placeholder="tms-frontend-1"
          className={inputClass}
          autoComplete="off"
        />
        <FieldError errors={errors} name="name" />
      </label>
      <div className="grid grid-cols-[1fr_6rem] gap-2">
        <label className="block">
          <span className={labelText}>Address</span>
          <input
            name="address"
            required
            defaultValue={defaults.address}
            placeholder="10.0.4.12 or web1.internal"
            className={inputClass}
            autoComplete="off"
          />
          <FieldError errors={errors} name="address" />
        </label>
        <label className="block">
          <span className={labelText}>Port</span>
          <input name="port" inputMode="numeric" defaultValue={defaults.port ?? 22} className={inputClass} />
          <FieldError errors={errors} name="port" />
        </label>
      </div>
      <label className="block">
        <span className={labelText}>SSH user</span>
        <input
          name="username"
          required
          defaultValue={defaults.username}
          placeholder="deploy"
          className={inputClass}
          autoComplete="off"
        />
        <FieldError errors={errors} name="username" />
      </label>
      <label className="block">
        <span className={labelText}>Tags (comma-separated)</span>
        <input
          name="tags"
          defaultValue={defaults.tags?.join(', ')}
          placeholder="frontend, prod"
          className={inputClass}
          autoComplete="off"
        />
        <FieldError errors={errors} name="tags" />
      </label>
      <label className="block">
        <span className={labelText}>Service manager</span>
        <select name="serviceManager" defaultValue={defaults.serviceManager ?? 'systemd'} className={inputClass}>
          <option value="systemd">systemd</option>
          <option value="supervisor">supervisor</option>
        </select>
        <FieldError errors={errors} name="serviceManager" />
      </label>
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
          <label className="block">
            <span className={labelText}>Private key (stored encrypted; never shown again)</span>
            <textarea
              name="privateKey"
              rows={5}
              spellCheck={false}
              autoComplete="off"
              placeholder={'-----BEGIN OPENSSH PRIVATE KEY-----\n…'}
              className={`${inputClass} font-mono text-xs`}
            />
            <FieldError errors={errors} name="privateKey" />
          </label>
          <label className="block">
            <span className={labelText}>Passphrase (only if the key has one)</span>
            <input name="passphrase" type="password" autoComplete="off" className={inputClass} />
            <FieldError errors={errors} name="passphrase" />
          </label>
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
