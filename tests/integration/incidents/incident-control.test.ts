import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { defined } from '../../support/defined';

const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { systemActor } = await import('@/lib/audit/actor');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { changeUserRoleDef, setUserDisabledDef } = await import('@/lib/users/actions');
const incidents = await import('@/lib/incidents/actions');
const { removeItemDef, restoreItemDef } = await import('@/lib/checklists/actions');
const { listIncidents } = await import('@/lib/incidents/queries');

const fixture = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'fixtures', 'tms-rca.md'), 'utf8');
type U = { id: string; email: string; name: string; role: 'admin' | 'commander' | 'responder' | 'viewer' };
const people: Record<string, U> = {};

/** A person added by addPerson; a key that was never added fails the test by name. */
const person = (key: string): U => defined(people[key], `person ${key}`);

async function addPerson(key: string, role: U['role']) {
  const email = `${key}@tms.test`;
  const { data } = await addUser(
    systemActor('system:startup'),
    CreateUserInput.parse({ email, name: key, role, password: 'correct-horse-1' }),
  );
  people[key] = { id: data.id, email, name: key, role };
}

async function ok<T>(p: Promise<{ ok: true; data: T } | { ok: false; error: { code: string; message: string } }>) {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}

const itemCount = (incidentId: string) => db.checklistItem.count({ where: { group: { checklist: { incidentId } } } });

beforeAll(async () => {
  await addPerson('admin', 'admin');
  await addPerson('admin2', 'admin');
  await addPerson('cora', 'commander');
  await addPerson('cal', 'commander');
  await addPerson('rex', 'responder');
  await addPerson('vic', 'viewer');
});
afterAll(async () => {
  await closeDb();
});

describe('incident control', () => {
  it('declares an incident from three fields, then attaches the plan twice without duplicating anything', async () => {
    const { slug, id } = await ok(
      executeAction(incidents.declareIncidentDef, person('cora'), {
        title: 'TMS Critical Issues - Root Cause Analysis & Fix Plan',
        severity: 'SEV1',
        commanderId: null,
      }),
    );
    const inc = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(inc).toMatchObject({ slug, severity: 'SEV1', commanderId: person('cora')?.id, sourceMarkdown: '' });
    expect(await itemCount(id)).toBe(0);

    // Someone already typed one item of the plan by hand.
    const group = await db.checklistGroup.create({
      data: {
        title: 'Pre-Deployment',
        position: 0,
        checklist: { create: { incidentId: id, position: 0, kind: 'deployment', title: 'Deployment Checklist' } },
      },
    });
    await db.checklistItem.create({
      data: { groupId: group.id, position: 0, text: 'Backup current codebase', done: true },
    });

    const first = await ok(
      executeAction(incidents.attachPlanDef, person('cora'), { incidentId: id, markdown: fixture }),
    );
    expect(first.added.skippedItems).toBe(1);
    expect(await itemCount(id)).toBe(61);
    const again = await ok(
      executeAction(incidents.attachPlanDef, person('cora'), { incidentId: id, markdown: fixture }),
    );
    expect(again.added).toMatchObject({ items: 0, findings: 0, fixes: 0, checklists: 0, skippedItems: 61 });
    expect(await itemCount(id)).toBe(61);
    // The hand-ticked item kept its state; the document's copy was not added beside it.
    expect(await db.checklistItem.findMany({ where: { text: 'Backup current codebase' } })).toHaveLength(1);
    expect((await db.checklistItem.findFirstOrThrow({ where: { text: 'Backup current codebase' } })).done).toBe(true);
    expect(await db.finding.count({ where: { incidentId: id } })).toBe(3);
    expect((await db.incident.findUniqueOrThrow({ where: { id } })).sourceMarkdown).toContain('## Issues Discovered');
  });

  it('asks before importing a document that matches an open incident; creates on request', async () => {
    const r = await executeAction(incidents.importIncidentDef, person('cora'), { markdown: fixture });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict:incident-exists' } });
    expect(await db.incident.count()).toBe(1);
    const created = await ok(
      executeAction(incidents.importIncidentDef, person('cora'), { markdown: fixture, mode: 'create' }),
    );
    expect(created.slug).toMatch(/-2$/);
    // CRITICAL in the document is SEV1; findings keep their own label.
    const row = await db.incident.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.severity).toBe('SEV1');
    expect((await db.finding.findFirstOrThrow({ where: { incidentId: created.id } })).severity).toBe('CRITICAL');
  });

  it('warns when a document states no severity', async () => {
    const md = '# Nameless outage\n\n## Deployment Checklist\n- [ ] Restart it\n';
    const { id } = await ok(executeAction(incidents.importIncidentDef, person('cora'), { markdown: md }));
    const row = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(row.severity).toBe('SEV2');
    expect(JSON.parse(row.planJson).warnings.join('\n')).toMatch(/states no severity/);
  });

  it('archives (off the list, kept whole) and deletes only after the slug is typed, leaving the audit chain whole', async () => {
    const { id, slug } = await ok(
      executeAction(incidents.declareIncidentDef, person('cora'), { title: 'Imported by mistake', severity: 'SEV4' }),
    );
    await ok(executeAction(incidents.archiveIncidentDef, person('cora'), { incidentId: id, archived: true }));
    expect((await listIncidents()).map((i) => i.slug)).not.toContain(slug);
    expect((await listIncidents({ archived: true })).map((i) => i.slug)).toContain(slug);

    const refused = await executeAction(incidents.deleteIncidentDef, person('cora'), {
      incidentId: id,
      confirmSlug: slug,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden:incident:delete' } });
    const wrong = await executeAction(incidents.deleteIncidentDef, person('admin'), {
      incidentId: id,
      confirmSlug: 'nope',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid:confirm-slug' } });
    const auditBefore = await db.auditEntry.count();
    await ok(executeAction(incidents.deleteIncidentDef, person('admin'), { incidentId: id, confirmSlug: slug }));
    expect(await db.incident.findUnique({ where: { id } })).toBeNull();
    expect(await db.timelineEvent.count({ where: { incidentId: id } })).toBe(0);
    // Nothing was taken out of the log: one entry more, the one recording the deletion.
    expect(await db.auditEntry.count()).toBe(auditBefore + 1);
    expect(await db.auditEntry.count({ where: { targetId: id } })).toBe(3); // declare, archive, delete
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('changes one role at a time with a version: a stale page gets a conflict, never a silent revert', async () => {
    const { id } = await ok(
      executeAction(incidents.declareIncidentDef, person('cora'), { title: 'Role race', severity: 'SEV2' }),
    );
    const v = (await db.incident.findUniqueOrThrow({ where: { id } })).rolesVersion;
    await ok(
      executeAction(incidents.setRoleDef, person('cora'), {
        incidentId: id,
        role: 'commsLead',
        userId: person('rex')?.id,
        version: v,
      }),
    );
    const stale = await executeAction(incidents.setRoleDef, person('admin'), {
      incidentId: id,
      role: 'commander',
      userId: person('cal')?.id,
      version: v,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict:incident-roles' } });
    const row = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ commanderId: person('cora')?.id, commsLeadId: person('rex')?.id });

    const viewer = await executeAction(incidents.setRoleDef, person('cora'), {
      incidentId: id,
      role: 'commander',
      userId: person('rex')?.id,
      version: row.rolesVersion,
    });
    expect(viewer).toMatchObject({
      ok: false,
      error: {
        code: 'invalid:incident-role',
        fieldErrors: { commanderId: [expect.stringContaining('rex (rex@tms.test)')] },
      },
    });
  });

  it('disabling a role holder clears the role, says so on the incident, and command can still be handed over', async () => {
    const { id } = await ok(
      executeAction(incidents.declareIncidentDef, person('cora'), { title: 'Comms lead leaves', severity: 'SEV2' }),
    );
    let row = await db.incident.findUniqueOrThrow({ where: { id } });
    await ok(
      executeAction(incidents.setRoleDef, person('cora'), {
        incidentId: id,
        role: 'commsLead',
        userId: person('rex')?.id,
        version: row.rolesVersion,
      }),
    );
    const disabled = await ok(
      executeAction(setUserDisabledDef, person('admin'), { userId: person('rex')?.id, disabled: true }),
    );
    expect(disabled.vacated).toContainEqual({ slug: expect.any(String), role: 'commsLead' });
    row = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(row.commsLeadId).toBeNull();
    expect(row.roleNotice).toMatch(/Comms lead rex \(rex@tms\.test\) was disabled/);
    expect(await db.timelineEvent.count({ where: { incidentId: id, summary: { contains: 'was disabled' } } })).toBe(1);
    await ok(
      executeAction(incidents.setRoleDef, person('cora'), {
        incidentId: id,
        role: 'commander',
        userId: person('cal')?.id,
        version: row.rolesVersion,
      }),
    );
    expect((await db.incident.findUniqueOrThrow({ where: { id } })).commanderId).toBe(person('cal')?.id);
    await ok(executeAction(setUserDisabledDef, person('admin'), { userId: person('rex')?.id, disabled: false }));
  });

  it('resolving asks first and says what is left', async () => {
    const inc = await db.incident.findFirstOrThrow({ where: { slug: { endsWith: '-2' } } });
    const first = await executeAction(incidents.setStatusDef, person('cora'), {
      incidentId: inc.id,
      status: 'resolved',
    });
    expect(first).toMatchObject({ ok: false, error: { code: 'conflict:confirm-resolve' } });
    if (!first.ok)
      expect(first.error.message).toMatch(/61 of 61 checklist items are still open.*no final status update/);
    expect((await db.incident.findUniqueOrThrow({ where: { id: inc.id } })).status).toBe('investigating');
    await ok(
      executeAction(incidents.setStatusDef, person('cora'), {
        incidentId: inc.id,
        status: 'resolved',
        confirmed: true,
      }),
    );
    expect((await db.incident.findUniqueOrThrow({ where: { id: inc.id } })).status).toBe('resolved');
  });

  it('a removed item can be put back whole', async () => {
    const item = await db.checklistItem.findFirstOrThrow({ where: { text: 'Backup current codebase' } });
    await ok(executeAction(removeItemDef, person('rex'), { itemId: item.id, version: item.version }));
    expect(await db.checklistItem.findUnique({ where: { id: item.id } })).toBeNull();
    const back = await ok(executeAction(restoreItemDef, person('rex'), { itemId: item.id }));
    expect(back).toMatchObject({ id: item.id, text: item.text, done: true, groupId: item.groupId });
    const again = await executeAction(restoreItemDef, person('rex'), { itemId: item.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict:checklist-item' } });
  });

  it('nobody changes their own role', async () => {
    const r = await executeAction(changeUserRoleDef, person('admin'), { userId: person('admin')?.id, role: 'viewer' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict:self-role' } });
    expect((await db.user.findUniqueOrThrow({ where: { id: person('admin')?.id } })).role).toBe('admin');
  });
});

describe('the severity migration', () => {
  it('maps old document labels onto SEV1–SEV4', () => {
    const raw = new Database(dbPath);
    try {
      const sql = fs.readFileSync(
        path.join(
          __dirname,
          '..',
          '..',
          '..',
          'prisma',
          'migrations',
          '20261201140000_incident_control',
          'migration.sql',
        ),
        'utf8',
      );
      const update = sql.slice(sql.indexOf('UPDATE "Incident"'));
      raw.prepare(`UPDATE "Incident" SET "severity" = 'HIGH' WHERE "title" = 'Role race'`).run();
      raw.prepare(`UPDATE "Incident" SET "severity" = 'low' WHERE "title" = 'Comms lead leaves'`).run();
      raw.exec(update);
      const rows = raw.prepare(`SELECT title, severity FROM "Incident" ORDER BY title`).all() as {
        title: string;
        severity: string;
      }[];
      expect(rows.find((r) => r.title === 'Role race')?.severity).toBe('SEV2');
      expect(rows.find((r) => r.title === 'Comms lead leaves')?.severity).toBe('SEV4');
      for (const r of rows) expect(r.severity).toMatch(/^SEV[1-4]$/);
    } finally {
      raw.close();
    }
  });
});
