import { json, route } from '@/lib/http/route';
import { listPaletteTargets } from '@/lib/palette/palette-targets';

export const dynamic = 'force-dynamic';

export const GET = route(
  'palette',
  { signedIn: true, why: 'lib/palette/palette-targets.ts reads each kind only if the role may view it' },
  async ({ user }) => json(200, { targets: await listPaletteTargets(user) }),
);
