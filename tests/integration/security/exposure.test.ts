import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/** What leaks to someone who should not see it, against the real database. */
useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { seedDemoIncident } = await import('@/lib/incidents/seed-demo');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { addNoteDef, setPublicPageDef } = await import('@/lib/incidents/actions');
const { getPublicStatus } = await import('@/lib/comms/public-status');

type Role = 'admin' | 'commander' | 'responder' | 'viewer';
const users = {} as Record<Role, { id: string; email: string; name: string; role: Role }>;
let incident: { id: string; slug: string; startedAt: Date | null };

beforeAll(async () => {
  for (const role of ['admin', 'commander', 'responder', 'viewer'] as const) {
    const { data } = await addUser(
      systemActor('system:startup'),
      CreateUserInput.parse({ email: `${role}@exposure.test`, role, password: 'exposure-pass-1' }),
    );
    users[role] = { id: data.id, email: data.email, name: role, role };
  }
  await seedDemoIncident(() => {});
  incident = await db.incident.findFirstOrThrow({ select: { id: true, slug: true, startedAt: true } });
});
afterAll(() => closeDb());

describe('exposure', () => {
  it('a responder note cannot move the start time; a commander can', async () => {
    const r = await executeAction(addNoteDef, users.responder, {
      incidentId: incident.id,
      text: 'Impact started earlier',
      when: '2020-01-01T00:00:00Z',
      impactStart: true,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden:incident-update' } });
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).startedAt).toEqual(incident.startedAt);
    // The same note without the flag is fine.
    expect((await executeAction(addNoteDef, users.responder, { incidentId: incident.id, text: 'ok' })).ok).toBe(true);
    const ic = await executeAction(addNoteDef, users.commander, {
      incidentId: incident.id,
      text: 'Impact start',
      when: '2026-01-08T05:54:07Z',
      impactStart: true,
    });
    expect(ic.ok).toBe(true);
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).startedAt?.toISOString()).toBe(
      '2026-01-08T05:54:07.000Z',
    );
  });

  it('the public status page exists only with a public update, and can be turned off per incident', async () => {
    expect(await getPublicStatus(incident.slug)).toBeNull();
    await db.statusUpdate.create({
      data: { incidentId: incident.id, body: 'We are investigating.', audience: 'internal', authorId: users.admin.id },
    });
    expect(await getPublicStatus(incident.slug)).toBeNull();
    await db.statusUpdate.create({
      data: {
        incidentId: incident.id,
        body: 'Some users cannot sign in.',
        audience: 'public',
        authorId: users.admin.id,
      },
    });
    expect((await getPublicStatus(incident.slug))?.updates.map((u) => u.body)).toEqual(['Some users cannot sign in.']);

    const refused = await executeAction(setPublicPageDef, users.responder, { incidentId: incident.id, disabled: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden:incident:update' } });
    expect(await getPublicStatus(incident.slug)).not.toBeNull();
    expect(
      (await executeAction(setPublicPageDef, users.commander, { incidentId: incident.id, disabled: true })).ok,
    ).toBe(true);
    expect(await getPublicStatus(incident.slug)).toBeNull();
  });
});
