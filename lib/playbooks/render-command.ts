import { shellQuote } from '@/lib/ssh/remote-command';
import { fillTemplate, parseTemplate } from './command-template';
import {
  commandFor,
  isRemoteStep,
  sudoFor,
  type Observation,
  type PlaybookDefinition,
  type ServiceManagerName,
  type Step,
} from './definition';
import { secretVariable, type ParamValues } from './params';

/**
 * Turns a checked definition and checked values into the exact command text
 * each step runs on one host. Every value becomes one single-quoted word;
 * a secret becomes a reference to the variable it arrives in over stdin,
 * so its value is in no command, no dry run and no digest. There is no
 * unquoted form. Pure.
 */

/** Observed values on one host, by `observation.output`. */
export type ObservedValues = Record<string, string>;

export type RenderedStep = {
  id: string;
  name: string;
  kind: Step['kind'];
  /** Exactly what is sent to the host (null for confirm steps and skipped steps). */
  command: string | null;
  sudo: boolean;
  timeoutMs: number | null;
  onFailure: 'stop' | 'continue' | 'rollback' | null;
  expect: { exit?: number; output?: string } | null;
  retry: { times: number; delayMs: number } | null;
  /** Confirm steps: the message, values filled in. */
  message: string | null;
  /** Why the step will not run on this host (its `when:` output was not observed). */
  skipped: string | null;
  /** Secret parameters the command reads from its environment. */
  secrets: string[];
};

export function renderTemplate(
  template: string,
  params: ParamValues,
  observed: ObservedValues = {},
): { command: string; secrets: string[] } {
  const used = new Set<string>();
  const command = fillTemplate(parseTemplate(template), (ref) => {
    if (params.secretNames.includes(ref)) {
      used.add(ref);
      return `"$${secretVariable(ref)}"`;
    }
    const value = Object.hasOwn(params.values, ref) ? params.values[ref] : observed[ref];
    // Lint guarantees every reference is declared; a missing value here is a caller bug.
    if (value === undefined) throw new Error(`no value for {{ ${ref} }}`);
    return shellQuote(value);
  });
  return { command, secrets: [...used] };
}

/** `sudo -n`: never prompt; a host without passwordless sudo fails at once instead of hanging. */
export function withSudo(command: string): string {
  return `sudo -n -- sh -c ${shellQuote(command)}`;
}

export function renderObservation(observation: Observation, params: ParamValues, manager: ServiceManagerName): string {
  const { command } = renderTemplate(commandFor(observation.run, manager), params);
  return sudoFor(observation.sudo, manager) ? withSudo(command) : command;
}

export function renderSteps(
  def: PlaybookDefinition,
  params: ParamValues,
  manager: ServiceManagerName,
  observed: ObservedValues,
): RenderedStep[] {
  return def.steps.map((step) => {
    const skipped =
      step.when && observed[step.when] === undefined
        ? `${step.when} was not observed on this host`
        : step.unless && observed[step.unless] !== undefined
          ? `${step.unless} was observed on this host`
          : null;
    const base = {
      id: step.id,
      name: step.name,
      kind: step.kind,
      skipped,
      command: null,
      sudo: false,
      timeoutMs: null,
      onFailure: null,
      expect: null,
      retry: null,
      message: null,
      secrets: [],
    } satisfies RenderedStep;
    if (!isRemoteStep(step)) {
      const message = fillTemplate(parseTemplate(step.message), (ref) => params.values[ref] ?? observed[ref] ?? '');
      return { ...base, message };
    }
    const rendered = skipped ? null : renderTemplate(commandFor(step.run, manager), params, observed);
    const sudo = sudoFor(step.sudo, manager);
    return {
      ...base,
      command: rendered ? (sudo ? withSudo(rendered.command) : rendered.command) : null,
      sudo,
      timeoutMs: step.timeout,
      onFailure: step.kind === 'rollback' ? null : step.on_failure,
      expect: step.kind === 'check' ? step.expect : null,
      retry: step.kind === 'check' && step.retry ? { times: step.retry.times, delayMs: step.retry.delay } : null,
      secrets: rendered?.secrets ?? [],
    };
  });
}
