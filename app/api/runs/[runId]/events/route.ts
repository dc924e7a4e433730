import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { runExists } from '@/lib/playbooks/run-queries';
import { runChannel } from '@/lib/playbooks/run-events';
import { sseResponse } from '@/lib/realtime/sse';

export const dynamic = 'force-dynamic';

/** A run's live events: with output for people who may see hosts (host:view), status only for everyone else. */
export const GET = route<{ runId: string }>(
  'run-events',
  { permission: 'playbook:view' },
  async ({ request, params, user }) => {
    const runId = Number(params.runId);
    if (!Number.isSafeInteger(runId) || !(await runExists(runId))) throw new AppError('not_found:run', 'No such run.');
    return sseResponse(runChannel(runId, can(user?.role, 'host:view')), request);
  },
);
