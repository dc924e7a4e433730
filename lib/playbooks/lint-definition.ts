import { parseTemplate, simpleCommands, templateRefs } from './command-template';
import {
  SERVICE_MANAGERS,
  commandFor,
  isRemoteStep,
  type CommandTemplate,
  type PlaybookDefinition,
} from './definition';
import { checkParam, compileOutputPattern, compilePattern, type ParamSpec } from './param-types';
import { checkOptionOrder } from './option-order';

/**
 * Checks a schema-valid definition for what the schema cannot see: unknown
 * placeholders, placeholders where quoting would not hold, secrets where
 * they would leak, `--` in the wrong place. Pure.
 */

export type LintProblem = { path: (string | number)[]; offset?: number; message: string };

export function lintDefinition(def: PlaybookDefinition): LintProblem[] {
  const problems: LintProblem[] = [];
  const add = (path: (string | number)[], message: string, offset?: number) => problems.push({ path, message, offset });

  for (const [name, spec] of Object.entries(def.params)) lintParamSpec(name, spec, add);

  const observationIds = new Set<string>();
  const outputs = new Map<string, { optional: boolean; with?: string }>();
  def.observe.forEach((obs, i) => {
    if (observationIds.has(obs.id)) add(['observe', i, 'id'], `observation id "${obs.id}" is used twice`);
    observationIds.add(obs.id);
    for (const [key, spec] of Object.entries(obs.outputs)) {
      if (spec.with && !obs.outputs[spec.with])
        add(['observe', i, 'outputs', key, 'with'], `"${spec.with}" is not an output of ${obs.id}`);
      outputs.set(`${obs.id}.${key}`, {
        optional: spec.optional,
        with: spec.with ? `${obs.id}.${spec.with}` : undefined,
      });
    }
    // Observations run before anything is known about the host: parameters only.
    lintCommand(
      def,
      obs.run,
      ['observe', i, 'run'],
      { sudo: obs.sudo !== false, observations: false, outputs, guards: [] },
      add,
    );
  });

  const stepIds = new Set<string>();
  def.steps.forEach((step, i) => {
    if (stepIds.has(step.id)) add(['steps', i, 'id'], `step id "${step.id}" is used twice`);
    stepIds.add(step.id);
    for (const key of ['when', 'unless'] as const) {
      const ref = step[key];
      if (ref && !outputs.has(ref)) add(['steps', i, key], `"${ref}" is not an output of any observation`);
    }
    const guards = step.when ? [step.when] : [];
    if (isRemoteStep(step)) {
      lintCommand(
        def,
        step.run,
        ['steps', i, 'run'],
        { sudo: step.sudo !== false, observations: true, outputs, guards },
        add,
      );
    } else {
      for (const ref of templateRefs(parseTemplate(step.message))) {
        if (def.params[ref]?.type === 'secret')
          add(['steps', i, 'message'], `a confirm message cannot show the secret ${ref}`);
        else if (!def.params[ref] && !outputs.has(ref))
          add(['steps', i, 'message'], `unknown placeholder {{ ${ref} }}`);
      }
    }
    if (step.kind === 'check' && step.expect.output) {
      try {
        compileOutputPattern(step.expect.output);
      } catch (error) {
        add(['steps', i, 'expect', 'output'], `not a valid regular expression: ${(error as Error).message}`);
      }
    }
  });

  const needsRollback = def.steps.some((s) => 'on_failure' in s && s.on_failure === 'rollback');
  if (needsRollback && !def.steps.some((s) => s.kind === 'rollback')) {
    add(['steps'], 'a step says on_failure: rollback, but the playbook has no rollback steps');
  }
  if (!def.steps.some((s) => s.kind !== 'rollback'))
    add(['steps'], 'a playbook needs at least one step that is not a rollback');
  const { hosts, tags } = def.targets;
  if (hosts?.length === 0 && tags?.length === 0) add(['targets'], 'targets name no host and no tag');
  return problems;
}

function lintParamSpec(name: string, spec: ParamSpec, add: (path: (string | number)[], message: string) => void) {
  const path = ['params', name];
  if (spec.type === 'int' && spec.min > spec.max) add([...path, 'max'], `max (${spec.max}) is below min (${spec.min})`);
  if (spec.type === 'string') {
    try {
      compilePattern(spec.pattern);
    } catch (error) {
      add([...path, 'pattern'], `not a valid regular expression: ${(error as Error).message}`);
      return;
    }
  }
  if ('default' in spec && spec.default !== undefined) {
    const check = checkParam(spec, spec.default);
    if (!check.ok) add([...path, 'default'], `the default ${check.message}`);
  }
}

type CommandContext = {
  sudo: boolean;
  /** Whether observation outputs may be used here. */
  observations: boolean;
  outputs: Map<string, { optional: boolean; with?: string }>;
  /** Outputs this step runs only when present (`when:`). */
  guards: string[];
};

function lintCommand(
  def: PlaybookDefinition,
  template: CommandTemplate,
  basePath: (string | number)[],
  ctx: CommandContext,
  add: (path: (string | number)[], message: string, offset?: number) => void,
) {
  const variants = typeof template === 'string' ? [null] : SERVICE_MANAGERS;
  for (const manager of variants) {
    const path = manager ? [...basePath, manager] : basePath;
    const parsed = parseTemplate(manager ? commandFor(template, manager) : (template as string));
    for (const p of parsed.problems) add(path, p.message, p.offset);
    for (const part of parsed.parts) {
      if (part.kind !== 'ref') continue;
      const ref = part.ref;
      if (ref.includes('.')) {
        const output = ctx.outputs.get(ref);
        if (!ctx.observations) add(path, `{{ ${ref} }}: observations can use parameters only`, part.offset);
        else if (!output) add(path, `unknown placeholder {{ ${ref} }}`, part.offset);
        else if (output.optional && !ctx.guards.includes(ref) && !(output.with && ctx.guards.includes(output.with))) {
          add(path, `{{ ${ref} }} may be absent: add "when: ${ref}" to the step`, part.offset);
        }
        continue;
      }
      const spec = def.params[ref];
      if (!spec) add(path, `unknown placeholder {{ ${ref} }} (declare it under params)`, part.offset);
      else if (spec.type === 'secret' && ctx.sudo) {
        add(path, `the secret ${ref} cannot reach a sudo step: sudo clears the environment it travels in`, part.offset);
      }
    }
    for (const message of checkOptionOrder(simpleCommands(parsed), def.params)) add(path, message);
  }
}
