import 'server-only';
import { can, type Permission } from '@/lib/auth/permissions';
import type { SessionUser } from '@/lib/auth/types';
import { findIncidentIdBySlug } from '@/lib/incidents/queries';
import { APPROVALS_CHANNEL } from '@/lib/approvals/channel';
import { runExists } from '@/lib/playbooks/run-queries';
import { runChannel } from '@/lib/playbooks/run-events';
import { INCIDENT_LIST_CHANNEL, incidentChannel } from './bus';
import { splitChannelName, type ChannelCursor } from './channel-names';
import type { StreamChannel } from './stream';

/**
 * Every kind of channel a tab may put on its stream: who may read it and
 * which bus channel the tab's name (`incident:<slug>`) stands for. A new
 * live widget whose data is not on an existing channel adds one row here
 * and a name in channel-names.ts. `resolve` returns null for a missing
 * resource; the stream answers 404 for it exactly as for a forbidden one.
 */
type ChannelKind = {
  permission: Permission;
  resolve: (key: string | undefined, user: SessionUser) => Promise<string | null>;
};

const CHANNEL_KINDS: Record<string, ChannelKind> = {
  incident: {
    permission: 'incident:view',
    resolve: async (slug) => {
      const id = slug ? await findIncidentIdBySlug(slug) : null;
      return id ? incidentChannel(id) : null;
    },
  },
  incidents: {
    permission: 'incident:view',
    resolve: async (key) => (key === undefined ? INCIDENT_LIST_CHANNEL : null),
  },
  // Approval requests asked for or decided: the approvers' nav badge and list, and the requester's
  // own request page (which learns it was approved). Events carry an id and a status, no commands.
  approvals: {
    permission: 'playbook:request',
    resolve: async (key) => (key === undefined ? APPROVALS_CHANNEL : null),
  },
  // A run's status for anyone who may see runs; its output and commands too for host:view.
  run: {
    permission: 'playbook:view',
    resolve: async (key, user) => {
      const runId = Number(key);
      if (!key || !/^\d{1,12}$/.test(key) || !(await runExists(runId))) return null;
      return runChannel(runId, can(user.role, 'host:view'));
    },
  },
};

/** Splits what the tab asked for into channels it may read and names that are gone (missing or forbidden). */
export async function resolveChannels(
  user: SessionUser,
  wanted: ChannelCursor[],
): Promise<{ channels: StreamChannel[]; gone: string[] }> {
  const channels: StreamChannel[] = [];
  const gone: string[] = [];
  for (const c of wanted) {
    const { kind, key } = splitChannelName(c.name);
    const def = Object.hasOwn(CHANNEL_KINDS, kind) ? CHANNEL_KINDS[kind] : undefined;
    const busChannel = def && can(user.role, def.permission) ? await def.resolve(key, user) : null;
    if (busChannel) channels.push({ name: c.name, busChannel, sinceId: c.sinceId });
    else gone.push(c.name);
  }
  return { channels, gone };
}
