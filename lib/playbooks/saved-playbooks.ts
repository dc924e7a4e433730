import 'server-only';
import { db, type Tx } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import type { Mutation } from '@/lib/mutations/types';
import { actorUserId, type Actor } from '@/lib/audit/actor';
import { loadBuiltins, type LoadedPlaybook } from './builtins';
import { formatProblem, parsePlaybook } from './parse-playbook';

/**
 * Saved playbooks: every text a person saves is kept as a version named by
 * its content hash; the playbook points at its current one. Built-ins are
 * files and cannot be shadowed by a saved playbook of the same name.
 */

export type SavedPlaybook = { id: string; name: string; hash: string; created: boolean };

export async function savePlaybook(tx: Tx, actor: Actor, source: string): Promise<Mutation<SavedPlaybook>> {
  const parsed = parsePlaybook(source);
  if (!parsed.ok) {
    throw new AppError(
      'invalid:playbook',
      `The playbook does not lint: ${parsed.problems.map((p) => formatProblem('playbook', p)).join('; ')}`,
    );
  }
  const { definition, hash } = parsed;
  if (loadBuiltins().has(definition.name)) {
    throw new AppError(
      'conflict:playbook-builtin',
      `${definition.name} is a built-in playbook: save yours under another name.`,
    );
  }
  const existing = await tx.playbook.findUnique({
    where: { name: definition.name },
    select: { id: true, currentHash: true },
  });
  if (existing?.currentHash === hash) {
    throw new AppError(
      'conflict:playbook-unchanged',
      `${definition.name} is already at this version (${hash.slice(0, 19)}…).`,
    );
  }
  const fields = {
    title: definition.title ?? null,
    description: definition.description,
    destructive: definition.destructive,
    currentHash: hash,
  };
  const playbook = existing
    ? await tx.playbook.update({ where: { id: existing.id }, data: fields, select: { id: true } })
    : await tx.playbook.create({
        data: { name: definition.name, ...fields, createdById: actorUserId(actor) },
        select: { id: true },
      });
  const known = await tx.playbookVersion.findUnique({ where: { hash }, select: { hash: true } });
  if (!known) {
    await tx.playbookVersion.create({
      data: { hash, playbookId: playbook.id, source: parsed.source, createdById: actorUserId(actor) },
      select: { hash: true },
    });
  }
  return {
    data: { id: playbook.id, name: definition.name, hash, created: !existing },
    audit: {
      action: 'playbook.save',
      targetType: 'playbook',
      targetId: playbook.id,
      payload: {
        name: definition.name,
        hash,
        previous: existing?.currentHash ?? null,
        destructive: definition.destructive,
      },
    },
  };
}

/** A built-in by name, or a saved playbook at its current (or a given) version. */
export async function findPlaybook(name: string, hash?: string): Promise<LoadedPlaybook> {
  const builtIn = loadBuiltins().get(name);
  if (builtIn && (!hash || builtIn.hash === hash)) return builtIn;
  const saved = await db.playbook.findUnique({ where: { name }, select: { id: true, currentHash: true } });
  if (!saved) throw notFound('playbook');
  const version = await db.playbookVersion.findFirst({
    where: { playbookId: saved.id, hash: hash ?? saved.currentHash },
    select: { source: true },
  });
  if (!version) throw notFound('playbook-version');
  const parsed = parsePlaybook(version.source);
  // A stored version linted when it was saved; failing now means the linter grew stricter.
  if (!parsed.ok) {
    throw new AppError(
      'conflict:playbook-stale',
      `${name} no longer lints: ${parsed.problems[0]?.message}. Save a fixed version.`,
    );
  }
  return { definition: parsed.definition, hash: parsed.hash, source: parsed.source, builtIn: false };
}

export type PlaybookSummary = {
  name: string;
  title: string;
  description: string;
  destructive: boolean;
  builtIn: boolean;
  hash: string;
  params: { name: string; type: string; description: string | null; default: string | null }[];
};

export async function listPlaybooks(): Promise<PlaybookSummary[]> {
  const summaries: PlaybookSummary[] = [];
  for (const p of loadBuiltins().values()) summaries.push(summarize(p));
  const saved = await db.playbook.findMany({ select: { name: true }, orderBy: { name: 'asc' } });
  for (const { name } of saved) {
    try {
      summaries.push(summarize(await findPlaybook(name)));
    } catch {
      // A saved playbook that no longer lints is left out of the list, not allowed to break it.
    }
  }
  return summaries;
}

function summarize(p: LoadedPlaybook): PlaybookSummary {
  return {
    name: p.definition.name,
    title: p.definition.title ?? p.definition.name,
    description: p.definition.description,
    destructive: p.definition.destructive,
    builtIn: p.builtIn,
    hash: p.hash,
    params: Object.entries(p.definition.params).map(([name, spec]) => ({
      name,
      type: spec.type,
      description: spec.description ?? null,
      default: 'default' in spec && spec.default !== undefined ? String(spec.default) : null,
    })),
  };
}
