import { json, route } from '@/lib/http/route';
import { parseChannelQuery } from '@/lib/realtime/channel-names';
import { resolveChannels } from '@/lib/realtime/channels';
import { streamResponse } from '@/lib/realtime/stream';
import { getCurrentSession } from '@/lib/auth/session';
import { checkSession } from '@/lib/auth/user-sessions';

export const dynamic = 'force-dynamic';

/** The one realtime stream of a browser tab: `?c=<channel>[@<last event id>]`, repeated. */
export const GET = route(
  'stream',
  { signedIn: true, why: 'each channel checks its own permission in lib/realtime/channels.ts' },
  async ({ request, user }) => {
    const wanted = parseChannelQuery(new URL(request.url).searchParams);
    const { channels, gone } = await resolveChannels(user, wanted);
    if (gone.length) {
      // The client drops exactly these and reconnects with the rest.
      return json(404, {
        error: { code: 'not_found:channel', message: `No such channel: ${gone.join(', ')}.`, channels: gone },
      });
    }
    // The session is checked again while the stream is open: disabled, demoted or signed out → closed.
    const current = await getCurrentSession();
    if (!current) return json(401, { error: { code: 'unauthenticated', message: 'Sign in first.' } });
    const token = { uid: current.user.id, sv: current.sv, sid: current.sid };
    return streamResponse(channels, request, { recheck: async () => (await checkSession(token)) !== null });
  },
);
