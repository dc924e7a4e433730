import { json, route } from '@/lib/http/route';
import { parseChannelQuery } from '@/lib/realtime/channel-names';
import { resolveChannels } from '@/lib/realtime/channels';
import { streamResponse } from '@/lib/realtime/stream';

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
    return streamResponse(channels, request);
  },
);
