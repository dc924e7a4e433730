import { SECRET_MASK } from '@/lib/ssh/mask-secrets';
import { sudoFor, type Observation, type PlaybookDefinition } from './definition';
import { dryRunDigest } from './digest';
import { parseObservationOutput } from './observations';
import type { ParamValues } from './params';
import { renderObservation, renderSteps, type ObservedValues, type RenderedStep } from './render-command';
import type { CandidateHost } from './targets';

/**
 * The dry run: every command exactly as it will run on each host, the
 * observations it depends on, what would stop it, and the digest an
 * approval binds to. The only I/O is `observe`, which the caller supplies
 * (a real SSH exec; a stub in pure tests).
 */

export type ObserveOutcome = { ok: true; stdout: string } | { ok: false; message: string };
export type ObserveFn<H> = (host: H, command: string, observation: Observation) => Promise<ObserveOutcome>;

export type DryRunObservation = {
  id: string;
  name: string;
  command: string;
  values: ObservedValues;
  error: string | null;
};

export type DryRunHost = {
  id: string;
  name: string;
  serviceManager: CandidateHost['serviceManager'];
  fingerprint: string | null;
  observations: DryRunObservation[];
  steps: RenderedStep[];
  /** Reasons this host cannot run the playbook; empty when it can. */
  blocked: string[];
};

export type DryRun = {
  playbook: { name: string; title: string; hash: string; destructive: boolean };
  /** Parameter values as shown to people: secrets masked. */
  params: Record<string, string>;
  hosts: DryRunHost[];
  digest: string;
  ok: boolean;
};

export async function buildDryRun<H extends CandidateHost>(args: {
  definition: PlaybookDefinition;
  hash: string;
  hosts: readonly H[];
  params: ParamValues;
  observe: ObserveFn<H>;
}): Promise<DryRun> {
  const { definition, hash, params } = args;
  const hosts = await Promise.all(args.hosts.map((host) => dryRunHost(definition, params, host, args.observe)));
  const shownParams = {
    ...params.values,
    ...Object.fromEntries(params.secretNames.map((k) => [k, SECRET_MASK])),
  };
  return {
    playbook: {
      name: definition.name,
      title: definition.title ?? definition.name,
      hash,
      destructive: definition.destructive,
    },
    params: shownParams,
    hosts,
    digest: dryRunDigest({ playbookHash: hash, params: params.values, hosts }),
    ok: hosts.every((h) => h.blocked.length === 0),
  };
}

async function dryRunHost<H extends CandidateHost>(
  definition: PlaybookDefinition,
  params: ParamValues,
  host: H,
  observe: ObserveFn<H>,
): Promise<DryRunHost> {
  const blocked: string[] = [];
  const manager = host.serviceManager;
  const result: DryRunHost = {
    id: host.id,
    name: host.name,
    serviceManager: manager,
    fingerprint: host.hostKeyPin,
    observations: [],
    steps: [],
    blocked,
  };
  if (!host.hostKeyPin) {
    blocked.push(
      `${host.name} has no trusted host key: fetch and trust it first (warroom host trust ${host.name} --fingerprint …)`,
    );
  }
  const needsSudo = (what: string) =>
    `${what} needs sudo, and ${host.name} has no passwordless sudo set up (sudo -n would fail)`;
  const observed: ObservedValues = {};
  for (const observation of definition.observe) {
    const command = renderObservation(observation, params, manager);
    const entry: DryRunObservation = { id: observation.id, name: observation.name, command, values: {}, error: null };
    result.observations.push(entry);
    if (blocked.length > 0) {
      entry.error = 'not observed: the host is blocked';
      continue;
    }
    if (sudoFor(observation.sudo, manager) && !host.passwordlessSudo) {
      entry.error = needsSudo(`observation "${observation.name}"`);
      blocked.push(entry.error);
      continue;
    }
    const outcome = await observe(host, command, observation);
    const parsed = outcome.ok ? parseObservationOutput(observation, outcome.stdout) : outcome;
    if (!parsed.ok) {
      entry.error = parsed.message;
      blocked.push(`${observation.name}: ${parsed.message}`);
      continue;
    }
    entry.values = parsed.values;
    Object.assign(observed, parsed.values);
  }
  if (definition.observe.length > 0 && blocked.length > 0) return result;
  result.steps = renderSteps(definition, params, manager, observed);
  for (const step of result.steps) {
    if (step.sudo && !step.skipped && !host.passwordlessSudo) blocked.push(needsSudo(`step "${step.name}"`));
  }
  return result;
}
