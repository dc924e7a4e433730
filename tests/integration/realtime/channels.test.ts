import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

useTempDatabase();
const { closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { systemActor } = await import('@/lib/audit/actor');
const { importPlan } = await import('@/lib/rca/import-plan');
const { createIncidentFromPlan } = await import('@/lib/incidents/create-incident');
const { setIncidentStatus } = await import('@/lib/incidents/update-incident');
const { INCIDENT_LIST_CHANNEL, incidentChannel, realtimeBus, realtimeEventId } = await import('@/lib/realtime/bus');
const { streamCursorNow } = await import('@/lib/realtime/cursor');
const { resolveChannels } = await import('@/lib/realtime/channels');
const { channelNames } = await import('@/lib/realtime/channel-names');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');

type Role = 'commander' | 'viewer';
const users = {} as Record<Role, { id: string; email: string; name: string; role: Role }>;
let incident = { id: '', slug: '' };
const listed: { type: string; data: unknown }[] = [];
const unsubscribe = realtimeBus().subscribe(INCIDENT_LIST_CHANNEL, (e) => listed.push(e)).unsubscribe;

beforeAll(async () => {
  for (const role of ['commander', 'viewer'] as const) {
    const email = `${role}@channels.test`;
    const { data } = await addUser(systemActor('system:startup'), CreateUserInput.parse({ email, name: role, role }));
    users[role] = { id: data.id, email, name: role, role };
  }
  const file = path.join(process.cwd(), 'fixtures', 'tms-rca.md');
  const plan = importPlan(fs.readFileSync(file));
  if (!plan.ok) throw new Error(plan.error.message);
  ({ data: incident } = await commitMutation(users.commander, (tx) =>
    createIncidentFromPlan(tx, users.commander, { plan: plan.plan, sourceMarkdown: fs.readFileSync(file, 'utf8') }),
  ));
});

afterAll(async () => {
  unsubscribe();
  await closeDb();
});

describe('stream channels', () => {
  it('resolves a tab channel name to its bus channel, and names every missing one', async () => {
    const { channels, gone } = await resolveChannels(users.viewer, [
      { name: channelNames.incident(incident.slug), sinceId: 7 },
      { name: channelNames.incidentList() },
      { name: 'incident:no-such-incident' },
      { name: 'incidents:extra' },
      { name: 'secrets' },
      { name: 'incident' },
    ]);
    expect(channels).toEqual([
      { name: `incident:${incident.slug}`, busChannel: incidentChannel(incident.id), sinceId: 7 },
      { name: 'incidents', busChannel: INCIDENT_LIST_CHANNEL, sinceId: undefined },
    ]);
    expect(gone).toEqual(['incident:no-such-incident', 'incidents:extra', 'secrets', 'incident']);
  });

  it('refuses a kind the role may not read, exactly like a missing one', async () => {
    const noRole = { ...users.viewer, role: undefined as never };
    const { channels, gone } = await resolveChannels(noRole, [{ name: channelNames.incident(incident.slug) }]);
    expect(channels).toEqual([]);
    expect(gone).toEqual([`incident:${incident.slug}`]);
  });

  it('the approvals channel: requesters (to see their request decided) and approvers, never a viewer', async () => {
    const { APPROVALS_CHANNEL } = await import('@/lib/approvals/channel');
    const responder = { ...users.viewer, role: 'responder' as never };
    for (const user of [users.commander, responder]) {
      expect((await resolveChannels(user, [{ name: channelNames.approvals() }])).channels).toEqual([
        { name: 'approvals', busChannel: APPROVALS_CHANNEL, sinceId: undefined },
      ]);
    }
    expect(await resolveChannels(users.viewer, [{ name: channelNames.approvals() }])).toEqual({
      channels: [],
      gone: ['approvals'],
    });
  });

  it('tells the incident list about a new incident and a status change', async () => {
    expect(listed.map((e) => [e.type, e.data])).toEqual([['incident.listed', { slug: incident.slug }]]);
    await commitMutation(users.commander, (tx) =>
      setIncidentStatus(tx, users.commander, { incidentId: incident.id, status: 'mitigating' }),
    );
    expect(listed.map((e) => e.data)).toEqual([{ slug: incident.slug }, { what: 'status' }]);
  });

  it('a cursor read before a change is older than all its events; one read after covers them', async () => {
    const before = await streamCursorNow();
    const { seq } = await commitMutation(users.commander, (tx) =>
      setIncidentStatus(tx, users.commander, { incidentId: incident.id, status: 'monitoring' }),
    );
    expect(realtimeEventId(seq, 0)).toBeGreaterThan(before);
    expect(await streamCursorNow()).toBeGreaterThanOrEqual(realtimeEventId(seq, 1));
  });
});
