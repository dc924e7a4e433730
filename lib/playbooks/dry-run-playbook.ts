import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import type { Actor } from '@/lib/audit/actor';
import { loadHostTarget } from '@/lib/hosts/connect';
import { splitTags } from '@/lib/hosts/host-input';
import { exec } from '@/lib/ssh/exec';
import type { ConnectionPool } from '@/lib/ssh/connection-pool';
import type { ServiceManagerName } from './definition';
import { buildDryRun, type DryRun, type ObserveFn } from './dry-run';
import { describeParamErrors, validateParams } from './params';
import { findPlaybook } from './saved-playbooks';
import { resolveTargets, type CandidateHost, type TargetRequest } from './targets';

/**
 * The dry run against the real hosts: observations run over SSH (read-only
 * commands, audited before they run like any remote work), then every step
 * is rendered with what they found.
 */

export type DryRunRequest = TargetRequest & { playbook: string; params: Record<string, unknown> };

export async function loadCandidateHosts(): Promise<CandidateHost[]> {
  const rows = await db.host.findMany({
    select: { id: true, name: true, tags: true, serviceManager: true, hostKeyPin: true, passwordlessSudo: true },
    orderBy: { name: 'asc' },
  });
  return rows.map((r) => ({ ...r, tags: splitTags(r.tags), serviceManager: r.serviceManager as ServiceManagerName }));
}

export async function dryRunPlaybook(
  actor: Actor,
  request: DryRunRequest,
  { pool, via = 'web' }: { pool?: ConnectionPool; via?: string } = {},
): Promise<DryRun> {
  const playbook = await findPlaybook(request.playbook);
  const params = validateParams(playbook.definition, request.params, { requireSecrets: false });
  if (!params.ok) {
    throw new AppError('invalid:playbook-params', `Check the parameters: ${describeParamErrors(params.errors)}.`, {
      fieldErrors: Object.fromEntries(Object.entries(params.errors).map(([k, v]) => [k, [v]])),
    });
  }
  const targets = resolveTargets(playbook.definition.targets, request, await loadCandidateHosts());
  if (!targets.ok) throw new AppError('invalid:playbook-targets', `Check the hosts: ${targets.message}.`);
  const hosts = targets.hosts;
  const name = playbook.definition.name;

  if (playbook.definition.observe.length > 0) {
    await commitMutation(actor, async () => ({
      data: null,
      audit: {
        action: 'playbook.observe',
        targetType: 'playbook',
        targetId: name,
        payload: {
          playbook: name,
          hash: playbook.hash,
          hosts: hosts.map((h) => ({ name: h.name, fingerprint: h.hostKeyPin })),
          commands: playbook.definition.observe.map((o) => o.id),
          via,
        },
      },
    }));
  }

  const observe: ObserveFn<CandidateHost> = async (host, command, observation) => {
    const target = await loadHostTarget(host.id);
    const result = await exec(
      target,
      command,
      {
        timeoutMs: observation.timeout,
        secrets: [target.privateKey, ...(target.passphrase ? [target.passphrase] : [])],
      },
      pool,
    );
    if (result.status === 'succeeded') return { ok: true, stdout: result.stdout };
    const said = result.stderr.trim().split('\n').slice(-3).join(' ');
    return { ok: false, message: said || result.message || result.status };
  };
  const dry = await buildDryRun({
    definition: playbook.definition,
    hash: playbook.hash,
    hosts,
    params: params.params,
    observe,
  });

  await commitMutation(actor, async () => ({
    data: null,
    audit: {
      action: 'playbook.dry-run',
      targetType: 'playbook',
      targetId: name,
      payload: {
        playbook: name,
        hash: playbook.hash,
        digest: dry.digest,
        params: dry.params,
        hosts: dry.hosts.map((h) => ({
          name: h.name,
          fingerprint: h.fingerprint,
          observed: Object.assign({}, ...h.observations.map((o) => o.values)),
          blocked: h.blocked,
        })),
        via,
      },
    },
  }));
  return dry;
}
