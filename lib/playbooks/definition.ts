import { z } from 'zod';
import { ParamSpec } from './param-types';

/**
 * The shape of a playbook YAML file. Strict everywhere: an unknown key is a
 * typo (`on_fail:`) that would otherwise silently change what runs.
 */

export const SERVICE_MANAGERS = ['systemd', 'supervisor'] as const;
export type ServiceManagerName = (typeof SERVICE_MANAGERS)[number];

const ID = /^[a-z][a-z0-9-]{0,62}$/;
const PARAM_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** `90`, `"90s"`, `"500ms"`, `"2m"` → milliseconds. */
export const Duration = z
  .union([z.number().int().positive(), z.string().regex(/^\d+(?:ms|s|m)$/, 'a duration like 500ms, 30s or 2m')])
  .transform((value) => {
    if (typeof value === 'number') return value * 1000;
    const n = Number.parseInt(value, 10);
    return value.endsWith('ms') ? n : value.endsWith('m') ? n * 60_000 : n * 1000;
  })
  .refine((ms) => ms >= 100 && ms <= 6 * 60 * 60_000, 'between 100ms and 6 hours');

/**
 * A command's text. A NUL (YAML's "\0") cannot reach a shell: an exec request
 * would cut the command there and a shell's `read` would drop it, so the host
 * would run something other than what was approved.
 */
const CommandText = z
  .string()
  .min(1)
  .refine((text) => !text.includes('\0'), 'contains a NUL character, which no shell can receive');

/** One command, or one per service manager. */
export const CommandTemplate = z.union([
  CommandText,
  z.strictObject({ systemd: CommandText, supervisor: CommandText }),
]);
export type CommandTemplate = z.infer<typeof CommandTemplate>;

/** `holder.pid`: run the step only when that observation came back (or, for `unless`, did not). */
const Condition = z.string().regex(/^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_]*$/, 'an observation output like holder.pid');

const common = {
  id: z.string().regex(ID, 'lowercase letters, digits and "-"'),
  name: z.string().min(1).max(120),
  when: Condition.optional(),
  unless: Condition.optional(),
};
/** `sudo: true`, or per service manager (systemctl needs root; a user's own supervisord does not). */
export const Sudo = z
  .union([z.boolean(), z.strictObject({ systemd: z.boolean(), supervisor: z.boolean() })])
  .default(false);
export type Sudo = z.infer<typeof Sudo>;

const remote = {
  run: CommandTemplate,
  timeout: Duration.default(60_000),
  sudo: Sudo,
};
const OnFailure = z.enum(['stop', 'continue', 'rollback']).default('stop');

export const Step = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('run'), ...common, ...remote, on_failure: OnFailure }),
  z.strictObject({
    kind: z.literal('check'),
    ...common,
    ...remote,
    expect: z
      .strictObject({ exit: z.number().int().min(0).max(255).optional(), output: z.string().min(1).optional() })
      .default({ exit: 0 }),
    retry: z.strictObject({ times: z.number().int().min(1).max(600), delay: Duration }).optional(),
    on_failure: OnFailure,
  }),
  z.strictObject({ kind: z.literal('confirm'), ...common, message: z.string().min(1).max(2000) }),
  z.strictObject({ kind: z.literal('rollback'), ...common, ...remote }),
]);
export type Step = z.infer<typeof Step>;

const outputBase = {
  description: z.string().max(500).optional(),
  optional: z.boolean().default(false),
  /** Reported whenever that other output is: `when: holder.pid` then covers this one too. */
  with: z.string().regex(PARAM_NAME).optional(),
};

/** The type of one observed value: checked like a parameter before anything is rendered with it. */
export const OutputSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pid'), ...outputBase }),
  z.strictObject({ type: z.literal('port'), ...outputBase }),
  z.strictObject({ type: z.literal('digits'), ...outputBase }),
  z.strictObject({ type: z.literal('text'), ...outputBase }),
  z.strictObject({ type: z.literal('enum'), ...outputBase, values: z.array(z.string().min(1)).min(1) }),
]);
export type OutputSpec = z.infer<typeof OutputSpec>;

/** Read-only commands the dry run runs on each host; their `key=value` output lines become typed values. */
export const Observation = z.strictObject({
  id: z.string().regex(ID, 'lowercase letters, digits and "-"'),
  name: z.string().min(1).max(120),
  run: CommandTemplate,
  timeout: Duration.default(15_000),
  sudo: Sudo,
  outputs: z.record(z.string().regex(PARAM_NAME, 'lowercase letters, digits and "_"'), OutputSpec),
});
export type Observation = z.infer<typeof Observation>;

export const Targets = z.strictObject({
  hosts: z.array(z.string().min(1)).optional(),
  tags: z.array(z.string().min(1)).optional(),
  concurrency: z.number().int().min(1).max(50).default(1),
  canary: z.boolean().default(false),
  max_failures: z.number().int().min(0).default(0),
});
export type Targets = z.infer<typeof Targets>;

export const PlaybookDefinition = z.strictObject({
  name: z.string().regex(ID, 'lowercase letters, digits and "-"'),
  title: z.string().min(1).max(120).optional(),
  description: z.string().min(1).max(4000),
  destructive: z.boolean(),
  /** Destructive playbooks: how long a second person's approval stays valid (the run must start within it). */
  approval: z.strictObject({ expires: Duration.default(15 * 60_000) }).default({ expires: 15 * 60_000 }),
  /** The whole run's limit, over every host; each step also has its own. */
  timeout: Duration.default(60 * 60_000),
  params: z.record(z.string().regex(PARAM_NAME, 'lowercase letters, digits and "_"'), ParamSpec).default({}),
  targets: Targets.default({ concurrency: 1, canary: false, max_failures: 0 }),
  observe: z.array(Observation).default([]),
  steps: z.array(Step).min(1, 'a playbook needs at least one step'),
});
export type PlaybookDefinition = z.infer<typeof PlaybookDefinition>;

export type RemoteStep = Extract<Step, { run: CommandTemplate }>;

export function isRemoteStep(step: Step): step is RemoteStep {
  return step.kind !== 'confirm';
}

/** The text of a template for one service manager. */
export function commandFor(template: CommandTemplate, manager: ServiceManagerName): string {
  return typeof template === 'string' ? template : template[manager];
}

export function sudoFor(sudo: Sudo, manager: ServiceManagerName): boolean {
  return typeof sudo === 'boolean' ? sudo : sudo[manager];
}
