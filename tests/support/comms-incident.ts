import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '@/lib/auth/permissions';
import type { SessionUser } from '@/lib/auth/types';

/** Who the tests act for, one per role. */
export type People<R extends Role> = Record<R, SessionUser & { role: R }>;

/**
 * One person per role — `<role>@<domain>`, named "<role> person", added by
 * system:startup — as the signed-in users the tests act for. Imports the app
 * lazily: call it after useTempDatabase().
 */
export async function addPeople<R extends Role>(roles: readonly R[], domain: string): Promise<People<R>> {
  const { systemActor } = await import('@/lib/audit/actor');
  const { CreateUserInput } = await import('@/lib/users/users');
  const { addUser } = await import('@/lib/users/add-user');
  const people = {} as People<R>;
  for (const role of roles) {
    const email = `${role}@${domain}`;
    const name = `${role} person`;
    const { data } = await addUser(systemActor('system:startup'), CreateUserInput.parse({ email, name, role }));
    people[role] = { id: data.id, email, name, role };
  }
  return people;
}

/** The reference incident (fixtures/tms-rca.md), opened by `commander`: its id. */
export async function openReferenceIncident(commander: SessionUser): Promise<string> {
  const { commitMutation } = await import('@/lib/mutations/commit-mutation');
  const { importPlan } = await import('@/lib/rca/import-plan');
  const { createIncidentFromPlan } = await import('@/lib/incidents/create-incident');
  const source = fs.readFileSync(path.join(process.cwd(), 'fixtures', 'tms-rca.md'));
  const plan = importPlan(source);
  if (!plan.ok) throw new Error(plan.error.message);
  const { data } = await commitMutation(commander, (tx) =>
    createIncidentFromPlan(tx, commander, { plan: plan.plan, sourceMarkdown: source.toString('utf8') }),
  );
  return data.id;
}
