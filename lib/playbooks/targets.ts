import type { Targets } from './definition';
import type { ServiceManagerName } from './definition';

/**
 * Which hosts a run goes to, and in what order. Pure: the hosts come in as
 * rows, the answer goes out as names or a refusal that names the problem.
 */

export type CandidateHost = {
  id: string;
  name: string;
  tags: string[];
  serviceManager: ServiceManagerName;
  hostKeyPin: string | null;
  passwordlessSudo: boolean;
};

export type TargetRequest = { hosts?: string[]; tags?: string[] };

export type TargetResult<H extends CandidateHost> = { ok: true; hosts: H[] } | { ok: false; message: string };

export function resolveTargets<H extends CandidateHost>(
  targets: Targets,
  request: TargetRequest,
  all: readonly H[],
): TargetResult<H> {
  const byName = new Map(all.map((h) => [h.name, h]));
  const chosen: H[] = [];
  const add = (h: H) => {
    if (!chosen.includes(h)) chosen.push(h);
  };
  for (const name of request.hosts ?? []) {
    const host = byName.get(name);
    if (!host) return { ok: false, message: `no host named ${name}` };
    add(host);
  }
  for (const tag of request.tags ?? []) {
    const tagged = all.filter((h) => h.tags.includes(tag));
    if (tagged.length === 0) return { ok: false, message: `no host has the tag ${tag}` };
    tagged.forEach(add);
  }
  if (!request.hosts?.length && !request.tags?.length) {
    if (!targets.hosts?.length && !targets.tags?.length) return { ok: false, message: 'choose at least one host' };
    all.filter((h) => eligible(targets, h)).forEach(add);
    if (chosen.length === 0)
      return { ok: false, message: `no host matches the playbook's targets (${describeTargets(targets)})` };
  }
  const outside = chosen.filter((h) => !eligible(targets, h));
  if (outside.length > 0) {
    return {
      ok: false,
      message: `${outside.map((h) => h.name).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among this playbook's targets (${describeTargets(targets)})`,
    };
  }
  return { ok: true, hosts: chosen };
}

function eligible(targets: Targets, host: CandidateHost): boolean {
  if (!targets.hosts?.length && !targets.tags?.length) return true;
  return Boolean(targets.hosts?.includes(host.name) || targets.tags?.some((t) => host.tags.includes(t)));
}

function describeTargets(targets: Targets): string {
  const parts = [
    targets.hosts?.length ? `hosts ${targets.hosts.join(', ')}` : '',
    targets.tags?.length ? `tags ${targets.tags.join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'any host';
}

/**
 * The order hosts are started in: with a canary the first host runs alone
 * and must succeed before any other starts; then at most `concurrency` at
 * a time. `max_failures` is applied by the runner as results come in.
 */
export function planWaves<H>(hosts: readonly H[], targets: Pick<Targets, 'canary' | 'concurrency'>): H[][] {
  const rest = [...hosts];
  const waves: H[][] = [];
  if (targets.canary && rest.length > 1) waves.push(rest.splice(0, 1));
  while (rest.length > 0) waves.push(rest.splice(0, targets.concurrency));
  return waves;
}
