import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { json, route } from '@/lib/http/route';
import { loadRunView } from '@/lib/playbooks/run-queries';

export const dynamic = 'force-dynamic';

/** The run as stored (what a reload shows): the live page refetches it when a step or host changes. */
export const GET = route<{ runId: string }>('run', { permission: 'playbook:view' }, async ({ params, user }) => {
  const runId = Number(params.runId);
  const view = Number.isSafeInteger(runId) ? await loadRunView(runId, { detail: can(user?.role, 'host:view') }) : null;
  if (!view) throw new AppError('not_found:run', 'No such run.');
  return json(200, view);
});
