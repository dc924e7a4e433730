import type { Observation, OutputSpec } from './definition';
import { checkParam, preview } from './param-types';
import type { ObservedValues } from './render-command';

/**
 * Reads an observation's `key=value` stdout into typed values. What a host
 * prints is as untrusted as what a person types: each value is checked like
 * a parameter before any command is rendered with it. Pure.
 */

export type ObservationResult = { ok: true; values: ObservedValues } | { ok: false; message: string };

const TEXT_MAX = 500;
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

export function parseObservationOutput(observation: Observation, stdout: string): ObservationResult {
  const values: ObservedValues = {};
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq) : '';
    const spec = observation.outputs[key];
    if (!spec) return { ok: false, message: `${observation.id} printed an unexpected line ${preview(line)}` };
    if (Object.hasOwn(values, `${observation.id}.${key}`)) {
      return { ok: false, message: `${observation.id} printed ${key} twice` };
    }
    const raw = line.slice(eq + 1);
    if (raw === '') continue;
    const check = checkOutput(spec, raw);
    if (!check.ok) return { ok: false, message: `${observation.id}.${key}: ${check.message}` };
    values[`${observation.id}.${key}`] = check.value;
  }
  for (const [key, spec] of Object.entries(observation.outputs)) {
    const required =
      !spec.optional || (spec.with !== undefined && values[`${observation.id}.${spec.with}`] !== undefined);
    if (required && values[`${observation.id}.${key}`] === undefined) {
      return { ok: false, message: `${observation.id} did not report ${key}` };
    }
  }
  return { ok: true, values };
}

function checkOutput(spec: OutputSpec, raw: string): { ok: true; value: string } | { ok: false; message: string } {
  switch (spec.type) {
    case 'pid':
    case 'port':
      return checkParam({ type: spec.type }, raw);
    case 'digits':
      return /^[0-9]{1,20}$/.test(raw)
        ? { ok: true, value: raw }
        : { ok: false, message: `${preview(raw)} is not a number` };
    case 'enum':
      return spec.values.includes(raw)
        ? { ok: true, value: raw }
        : { ok: false, message: `${preview(raw)} is not one of ${spec.values.join(', ')}` };
    case 'text': {
      // Shown to a person and compared on the host; never interpreted.
      const text = raw.length > TEXT_MAX ? `${raw.slice(0, TEXT_MAX)}…` : raw;
      return INVISIBLE.test(text)
        ? { ok: true, value: text.replace(/[\p{Cc}\p{Cf}]/gu, '?') }
        : { ok: true, value: text };
    }
  }
}
