import type { PlaybookDefinition } from './definition';
import { checkParam, preview, type ParamSpec } from './param-types';

/**
 * A run's parameter values, checked against the playbook's declarations.
 * Undeclared names are refused (a typo must not be silently ignored);
 * missing values take the declared default. Pure.
 */

export type ParamValues = {
  /** Validated, canonical values of every non-secret parameter. */
  values: Record<string, string>;
  /** Secret values by parameter name; they travel over stdin, never in a command. */
  secrets: Record<string, string>;
  /** Every declared secret parameter, given or not: each renders as its variable, never as a value. */
  secretNames: string[];
};

export type ParamsResult = { ok: true; params: ParamValues } | { ok: false; errors: Record<string, string> };

export function validateParams(
  def: Pick<PlaybookDefinition, 'params'>,
  raw: Record<string, unknown>,
  { requireSecrets = true }: { requireSecrets?: boolean } = {},
): ParamsResult {
  const errors: Record<string, string> = {};
  const values: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(def.params, name)) {
      const known = Object.keys(def.params);
      errors[name] =
        `is not a parameter of this playbook${known.length ? ` (it takes ${known.join(', ')})` : ' (it takes none)'}`;
    }
  }
  for (const [name, spec] of Object.entries(def.params)) {
    const given = Object.hasOwn(raw, name) ? raw[name] : undefined;
    const value = given === undefined || given === '' ? defaultOf(spec) : given;
    if (value === undefined) {
      if (spec.type !== 'secret' || requireSecrets) errors[name] = 'is required';
      continue;
    }
    const check = checkParam(spec, value);
    if (!check.ok) {
      errors[name] = check.message;
      continue;
    }
    if (spec.type === 'secret') secrets[name] = check.value;
    else values[name] = check.value;
  }
  const secretNames = Object.entries(def.params).flatMap(([name, spec]) => (spec.type === 'secret' ? [name] : []));
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, params: { values, secrets, secretNames } };
}

function defaultOf(spec: ParamSpec): unknown {
  return 'default' in spec ? spec.default : undefined;
}

/** `port: a port must be between 1 and 65535; ref: is required` */
export function describeParamErrors(errors: Record<string, string>): string {
  return Object.entries(errors)
    .map(([name, message]) => `${name} ${message}`)
    .join('; ');
}

/** `k=v` pairs from the CLI; a bare `k` (no `=`) is an error, not an empty value. */
export function parseParamPairs(
  pairs: readonly string[],
): { ok: true; raw: Record<string, string> } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, message: `--param ${preview(pair)} is not name=value` };
    raw[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { ok: true, raw };
}

/** The environment variable a secret parameter reaches the command through. */
export function secretVariable(name: string): string {
  return `WARROOM_SECRET_${name.toUpperCase()}`;
}
