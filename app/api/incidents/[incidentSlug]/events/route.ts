import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { findIncidentIdBySlug } from '@/lib/incidents/queries';
import { incidentChannel } from '@/lib/realtime/bus';
import { sseResponse } from '@/lib/realtime/sse';

export const dynamic = 'force-dynamic';

export const GET = route<{ incidentSlug: string }>(
  'incident-events',
  { permission: 'incident:view' },
  async ({ request, params }) => {
    const incidentId = await findIncidentIdBySlug(params.incidentSlug);
    if (!incidentId) throw new AppError('not_found:incident', 'No such incident.');
    return sseResponse(incidentChannel(incidentId), request);
  },
);
