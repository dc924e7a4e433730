import { z } from 'zod';

/**
 * Typed playbook parameters: the zod shape of a declaration in the YAML, and
 * the server-side validation of a value against it. Pure.
 *
 * Two rules hold for every type, whatever its pattern says:
 * - no control characters and no invisible "format" characters (bidi
 *   overrides, zero-width joiners): a person approves the dry run by reading
 *   it, and Trojan-Source-style text would show them something else;
 * - no value starts with '-': a rendered word can never be read as an
 *   option, wherever the template puts it.
 */

export const PARAM_TYPES = [
  'port',
  'pid',
  'unit',
  'path',
  'git-ref',
  'hostname',
  'int',
  'enum',
  'string',
  'secret',
] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** Linux pid_max is at most 2^22. PID 1 is init: no playbook targets it. */
export const MAX_PID = 4_194_304;
export const MAX_PATH_CHARS = 4096;
export const DEFAULT_MAX_STRING_CHARS = 256;
export const MAX_SECRET_CHARS = 4096;

const description = z.string().min(1).max(500).optional();
const label = z.string().min(1).max(80).optional();
const base = { description, label };

export const ParamSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('port'), ...base, default: z.number().int().optional() }),
  z.strictObject({ type: z.literal('pid'), ...base }),
  z.strictObject({ type: z.literal('unit'), ...base, default: z.string().optional() }),
  z.strictObject({ type: z.literal('path'), ...base, default: z.string().optional() }),
  z.strictObject({ type: z.literal('git-ref'), ...base, default: z.string().optional() }),
  z.strictObject({ type: z.literal('hostname'), ...base, default: z.string().optional() }),
  z.strictObject({
    type: z.literal('int'),
    ...base,
    // A negative bound would allow '-5', which a command could read as an option.
    min: z.number().int().min(0, 'int parameters are non-negative (a leading "-" reads as an option)'),
    max: z.number().int(),
    default: z.number().int().optional(),
  }),
  z.strictObject({
    type: z.literal('enum'),
    ...base,
    values: z.array(z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.:@/+=-]{0,63}$/, 'enum values are plain words')).min(1),
    default: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('string'),
    ...base,
    pattern: z.string().min(1, 'string parameters need a pattern'),
    max_length: z.number().int().min(1).max(4096).optional(),
    default: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('secret'), ...base }),
]);
export type ParamSpec = z.infer<typeof ParamSpec>;

export type ParamCheck = { ok: true; value: string } | { ok: false; message: string };

const UNIT = /^[A-Za-z0-9_][A-Za-z0-9_.@:\\-]{0,254}$/;
const HOSTNAME_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
// \p{Cc}: C0/C1 controls (NUL, newline, ESC …); \p{Cf}: bidi overrides, zero-width chars, BOM.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** A check's expected output: found anywhere, `^`/`$` at line ends. */
export function compileOutputPattern(pattern: string): RegExp {
  return new RegExp(pattern, 'mu');
}

/** The compiled pattern of a `string` parameter: the whole value must match. */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

function describeChar(text: string): string {
  const match = INVISIBLE.exec(text);
  if (!match) return '';
  const code = match[0].codePointAt(0)!;
  const names: Record<number, string> = { 0: 'NUL', 9: 'a tab', 10: 'a newline', 13: 'a carriage return', 27: 'ESC' };
  return names[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function fail(message: string): ParamCheck {
  return { ok: false, message };
}

function checkInteger(raw: string, min: number, max: number, what: string): ParamCheck {
  if (!DECIMAL.test(raw)) return fail(`${what} must be a whole number written in digits (got ${preview(raw)})`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) return fail(`${what} must be between ${min} and ${max}`);
  return { ok: true, value: String(n) };
}

/** A short, printable rendering of a bad value for an error message. */
export function preview(raw: string): string {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}… (${raw.length} chars)` : raw;
  return JSON.stringify(shown);
}

/**
 * Validates one value. Numbers arrive as strings (forms, CLI `k=v`) or as
 * numbers (YAML defaults); both are checked the same way. The returned value
 * is canonical (e.g. '0080' is refused, not silently turned into '80').
 */
export function checkParam(spec: ParamSpec, input: unknown): ParamCheck {
  if (typeof input === 'number') input = Number.isFinite(input) ? String(input) : 'NaN';
  if (typeof input !== 'string') return fail('must be text');
  const raw = input;
  if (raw.length === 0) return fail('is empty');
  const max = maxLength(spec);
  if (raw.length > max) return fail(`is ${raw.length} characters long; the limit is ${max}`);
  const bad = describeChar(raw);
  if (bad) return fail(`contains ${bad}, which is not allowed in a parameter`);
  if (raw.startsWith('-')) return fail(`must not start with "-" (it would be read as an option)`);
  switch (spec.type) {
    case 'port':
      return checkInteger(raw, 1, 65_535, 'a port');
    case 'pid':
      return checkInteger(raw, 2, MAX_PID, 'a PID');
    case 'int':
      return checkInteger(raw, spec.min, spec.max, 'the value');
    case 'unit':
      return UNIT.test(raw)
        ? { ok: true, value: raw }
        : fail(`${preview(raw)} is not a unit name (letters, digits and _ . @ : \\ -, up to 255)`);
    case 'path':
      if (!raw.startsWith('/')) return fail(`${preview(raw)} is not an absolute path (it must start with "/")`);
      return { ok: true, value: raw };
    case 'git-ref':
      return checkGitRef(raw);
    case 'hostname': {
      const labels = raw.replace(/\.$/, '').split('.');
      if (raw.length > 253 || !labels.every((l) => HOSTNAME_LABEL.test(l)))
        return fail(`${preview(raw)} is not a hostname (RFC 1123 labels of letters, digits and "-")`);
      return { ok: true, value: raw };
    }
    case 'enum':
      return spec.values.includes(raw) ? { ok: true, value: raw } : fail(`must be one of ${spec.values.join(', ')}`);
    case 'string':
      return compilePattern(spec.pattern).test(raw)
        ? { ok: true, value: raw }
        : fail(`${preview(raw)} does not match the pattern ${spec.pattern}`);
    case 'secret':
      return { ok: true, value: raw };
  }
}

function maxLength(spec: ParamSpec): number {
  switch (spec.type) {
    case 'path':
      return MAX_PATH_CHARS;
    case 'secret':
      return MAX_SECRET_CHARS;
    case 'string':
      return spec.max_length ?? DEFAULT_MAX_STRING_CHARS;
    case 'git-ref':
    case 'unit':
    case 'hostname':
      return 255;
    default:
      return 20;
  }
}

/** git check-ref-format's rules, plus full or abbreviated object names. */
function checkGitRef(raw: string): ParamCheck {
  const problem =
    /[\s~^:?*[\\]/.test(raw) || /[^\x21-\x7e]/.test(raw)
      ? 'contains a space or one of ~ ^ : ? * [ \\ or a non-ASCII character'
      : raw.includes('..')
        ? 'contains ".."'
        : raw.includes('@{') || raw === '@'
          ? 'contains "@{"'
          : raw.endsWith('/') || raw.endsWith('.') || raw.endsWith('.lock')
            ? 'ends with "/", "." or ".lock"'
            : raw.split('/').some((part) => part === '' || part.startsWith('.'))
              ? 'has an empty component or one starting with "."'
              : null;
  return problem ? fail(`${preview(raw)} is not a git ref: it ${problem}`) : { ok: true, value: raw };
}
