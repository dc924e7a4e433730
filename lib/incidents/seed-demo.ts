import fs from 'node:fs';
import path from 'node:path';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { systemActor, type Actor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { importPlan } from '@/lib/rca/import-plan';
import { createIncidentFromPlan } from './create-incident';

/** First run: the reference incident (fixtures/tms-rca.md), so there is something to work. */
export async function seedDemoIncident(
  say: (line: string) => void,
  actor: Actor = systemActor('system:startup'),
): Promise<void> {
  if (!getEnv().seedDemo || (await db.incident.count()) > 0) return;
  const file = path.join(process.cwd(), 'fixtures', 'tms-rca.md');
  const result = importPlan(fs.readFileSync(file));
  if (!result.ok) throw new Error(`demo fixture does not import: ${result.error.message}`);
  const admin = await db.user.findFirst({
    where: { role: 'admin', disabled: false },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  const { data } = await commitMutation(actor, (tx) =>
    createIncidentFromPlan(tx, admin, { plan: result.plan, sourceMarkdown: fs.readFileSync(file, 'utf8') }),
  );
  say(`warroom: demo incident imported from fixtures/tms-rca.md → /incidents/${data.slug}`);
}
