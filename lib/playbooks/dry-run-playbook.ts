import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import type { Actor } from '@/lib/audit/actor';
import type { AuditRecord } from '@/lib/mutations/types';
import type { LoadedPlaybook } from './builtins';
import { loadHostTarget } from '@/lib/hosts/connect';
import { splitTags } from '@/lib/hosts/host-input';
import { exec } from '@/lib/ssh/exec';
import type { ConnectionPool } from '@/lib/ssh/connection-pool';
import type { ServiceManagerName } from './definition';
import { buildDryRun, type DryRun, type ObserveFn } from './dry-run';
import { describeParamErrors, validateParams, type ParamValues } from './params';
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

export type PreparedDryRun = {
  playbook: LoadedPlaybook;
  params: ParamValues;
  hosts: CandidateHost[];
};

/** Checks the request (playbook, parameters, hosts) from the database alone: nothing is sent anywhere. */
export async function checkDryRunRequest(request: DryRunRequest): Promise<PreparedDryRun> {
  const playbook = await findPlaybook(request.playbook);
  const params = validateParams(playbook.definition, request.params, { requireSecrets: false });
  if (!params.ok) {
    throw new AppError('invalid:playbook-params', `Check the parameters: ${describeParamErrors(params.errors)}.`, {
      fieldErrors: Object.fromEntries(Object.entries(params.errors).map(([k, v]) => [k, [v]])),
    });
  }
  const targets = resolveTargets(playbook.definition.targets, request, await loadCandidateHosts());
  if (!targets.ok) throw new AppError('invalid:playbook-targets', `Check the hosts: ${targets.message}.`);
  return { playbook, params: params.params, hosts: targets.hosts };
}

/** The intent entry committed before any observation leaves for a host. */
export function observeIntent(prepared: PreparedDryRun, via: string): AuditRecord {
  const name = prepared.playbook.definition.name;
  return {
    action: 'playbook.observe',
    targetType: 'playbook',
    targetId: name,
    payload: {
      playbook: name,
      hash: prepared.playbook.hash,
      hosts: prepared.hosts.map((h) => ({ name: h.name, fingerprint: h.hostKeyPin })),
      observations: prepared.playbook.definition.observe.map((o) => o.id),
      via,
    },
  };
}

/**
 * The dry run again, just before a request or a run: it must still be runnable and still be
 * exactly what the person read (same digest), or nothing happens and they are shown the new one.
 * `nothing` finishes the sentence: "Nothing ran", "Nothing was requested".
 */
export async function freshDryRunMatching(
  prepared: PreparedDryRun,
  digest: string,
  nothing:
    'Nothing ran: read the new dry run and run again.' | 'Nothing was requested: read the new dry run and ask again.',
): Promise<DryRun> {
  const dry = await observeAndRender(prepared);
  if (!dry.ok) {
    throw new AppError(
      'conflict:run-blocked',
      `Cannot run ${dry.playbook.name}: ${dry.hosts.flatMap((h) => h.blocked).join('; ')}`,
    );
  }
  if (dry.digest !== digest) {
    throw new AppError(
      'conflict:dry-run-changed',
      `What would run has changed since your dry run (a host, its key, an observation or the playbook). ${nothing}`,
      { current: dry },
    );
  }
  return dry;
}

/** The remote part: observations over SSH, then every step rendered with what they found. */
export async function observeAndRender(prepared: PreparedDryRun, pool?: ConnectionPool): Promise<DryRun> {
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
  const { playbook, params, hosts } = prepared;
  return buildDryRun({ definition: playbook.definition, hash: playbook.hash, hosts, params, observe });
}

/** The outcome entry: what the dry run showed, and its digest. */
export function dryRunAudit(dry: DryRun, via: string): AuditRecord {
  return {
    action: 'playbook.dry-run',
    targetType: 'playbook',
    targetId: dry.playbook.name,
    payload: {
      playbook: dry.playbook.name,
      hash: dry.playbook.hash,
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
  };
}

/** The whole dry run with its audit entries, for callers outside a guarded action (the CLI, the runner's start). */
export async function dryRunPlaybook(
  actor: Actor,
  request: DryRunRequest,
  { pool, via = 'web' }: { pool?: ConnectionPool; via?: string } = {},
): Promise<DryRun> {
  const prepared = await checkDryRunRequest(request);
  if (prepared.playbook.definition.observe.length > 0) {
    await commitMutation(actor, async () => ({ data: null, audit: observeIntent(prepared, via) }));
  }
  const dry = await observeAndRender(prepared, pool);
  await commitMutation(actor, async () => ({ data: null, audit: dryRunAudit(dry, via) }));
  return dry;
}
