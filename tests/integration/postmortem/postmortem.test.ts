import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { useTempDatabase } from '../../support/temp-env';
import { runCli } from '../../support/cli';
import { defined } from '../../support/defined';

useTempDatabase();

const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { systemActor } = await import('@/lib/audit/actor');
const pmActions = await import('@/lib/postmortem/actions');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');
const { importPlan } = await import('@/lib/rca/import-plan');
const { createIncidentFromPlan } = await import('@/lib/incidents/create-incident');
const { addIncidentNote, setIncidentStatus } = await import('@/lib/incidents/update-incident');
const { tickItem } = await import('@/lib/checklists/mutations');
const { addWebhook } = await import('@/lib/comms/webhooks');
const { AddWebhookInput } = await import('@/lib/comms/schemas');
const { publishStatusUpdate } = await import('@/lib/comms/publish-update');
const { createHost } = await import('@/lib/hosts/hosts');
const { CreateHostInput } = await import('@/lib/hosts/host-input');
const { loadPostmortem, listTimelinePage } = await import('@/lib/postmortem/load-postmortem');
const { listIncidents } = await import('@/lib/incidents/queries');
const { exportPostmortem, incidentAuditRows } = await import('@/lib/postmortem/export-files');
const { verifyCommand } = await import('@/lib/postmortem/audit-bundle');

type Role = 'admin' | 'commander' | 'responder' | 'viewer';
const users = {} as Record<Role, { id: string; email: string; name: string; role: Role }>;
const as = (role: Role) => users[role];

const defs = {
  save: pmActions.saveNarrativeDef,
  addAction: pmActions.addActionItemDef,
  updateAction: pmActions.updateActionItemDef,
  markKey: pmActions.markKeyEventDef,
};
const run = (def: keyof typeof defs, role: Role, input: unknown) => executeAction(defs[def] as never, as(role), input);

const fixture = fs.readFileSync(path.join(process.cwd(), 'fixtures', 'tms-rca.md'), 'utf8');
let incidentId = '';
let slug = '';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-pm-'));

// The secrets an export must never carry.
const WEBHOOK_TOKEN = 'T0PMSECRET/B0PMSECRET/xoxb-p0stm0rtem-t0ken-91c2';
const WEBHOOK_URL = `http://127.0.0.1:9/services/${WEBHOOK_TOKEN}`;
const PASSPHRASE = 'correct horse battery staple 7731';
let privateKey = '';

async function importAs(role: Role, markdown: string) {
  const plan = importPlan(markdown);
  if (!plan.ok) throw new Error(plan.error.message);
  const { data } = await commitMutation(as(role), (tx) =>
    createIncidentFromPlan(tx, as(role), { plan: plan.plan, sourceMarkdown: markdown }),
  );
  return data;
}

beforeAll(async () => {
  for (const role of ['admin', 'commander', 'responder', 'viewer'] as const) {
    const email = `${role}@pm.test`;
    const { data } = await addUser(
      systemActor('system:startup'),
      CreateUserInput.parse({ email, name: `${role.charAt(0).toUpperCase()}${role.slice(1)} Person`, role }),
    );
    users[role] = { id: data.id, email, name: `${role} person`, role };
  }
  ({ id: incidentId, slug } = await importAs('commander', fixture));

  const keyFile = path.join(tmp, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-C', 'pm-test', '-f', keyFile]);
  privateKey = fs.readFileSync(keyFile, 'utf8');
  await commitMutation(as('admin'), (tx) =>
    createHost(
      tx,
      CreateHostInput.parse({
        name: 'tms-staging',
        address: '127.0.0.1',
        port: '22',
        username: 'deploy',
        tags: 'frontend',
        serviceManager: 'systemd',
        privateKey,
        passphrase: PASSPHRASE,
      }),
    ),
  );
  await commitMutation(as('commander'), (tx) =>
    addWebhook(tx, as('commander'), AddWebhookInput.parse({ incidentId, name: 'ops-slack', url: WEBHOOK_URL })),
  );

  // Work the incident: notes, ticks, a status walk and a published update.
  // Moving the incident's start needs incident:update: the commander's note, not a responder's.
  await commitMutation(as('commander'), (tx) =>
    addIncidentNote(tx, as('commander'), {
      incidentId,
      text: 'Impact began: frontend 503',
      when: '2026-01-08 13:54:07 CST',
      impactStart: true,
    }),
  );
  await commitMutation(as('responder'), (tx) =>
    addIncidentNote(tx, as('responder'), {
      incidentId,
      text: 'Killed next-server PID 264588; port 3000 free',
      when: '',
      impactStart: false,
    }),
  );
  const items = await db.checklistItem.findMany({
    where: { group: { checklist: { incidentId } } },
    orderBy: [{ group: { checklist: { position: 'asc' } } }, { group: { position: 'asc' } }, { position: 'asc' }],
  });
  for (const item of items.filter((_, n) => n % 3 === 0)) {
    await commitMutation(as('responder'), (tx) =>
      tickItem(tx, as('responder'), { itemId: item.id, done: true, version: item.version }),
    );
  }
  for (const status of ['identified', 'mitigating', 'monitoring', 'resolved'] as const) {
    await commitMutation(as('commander'), (tx) =>
      setIncidentStatus(tx, as('commander'), { incidentId, status, confirmed: true }),
    );
  }
  await commitMutation(as('responder'), (tx) =>
    publishStatusUpdate(tx, as('responder'), {
      incidentId,
      body: 'Frontend restored; logins work again.',
      audience: 'public',
    }),
  );
});

afterAll(async () => {
  await closeDb();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('narrative sections', () => {
  it('saves, audits, shows who edited last, and makes a second concurrent editor conflict', async () => {
    const first = await run('save', 'responder', {
      incidentId,
      section: 'wentWell',
      body: 'Roles were clear',
      version: 0,
    });
    expect(first).toMatchObject({ ok: true, data: { version: 1, body: 'Roles were clear' } });

    // The commander opened the editor at version 0 too.
    const second = await run('save', 'commander', {
      incidentId,
      section: 'wentWell',
      body: 'Fast detection',
      version: 0,
    });
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'conflict:postmortem-section', current: { body: 'Roles were clear', version: 1 } },
    });
    const row = await db.postmortemSection.findUniqueOrThrow({
      where: { incidentId_section: { incidentId, section: 'wentWell' } },
    });
    expect(row).toMatchObject({ body: 'Roles were clear', version: 1, updatedById: users.responder.id });

    const merged = await run('save', 'commander', {
      incidentId,
      section: 'wentWell',
      body: 'Roles were clear\nFast detection',
      version: 1,
    });
    expect(merged).toMatchObject({ ok: true, data: { version: 2 } });

    const audit = await db.auditEntry.findMany({
      where: { action: 'postmortem.save-section' },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((a) => [a.actorEmail, JSON.parse(a.payload).version])).toEqual([
      [users.responder.email, 1],
      [users.commander.email, 2],
    ]);
    const pm = await loadPostmortem(slug, { timeline: 'key' });
    expect(pm?.narrative.wentWell).toMatchObject({
      body: 'Roles were clear\nFast detection',
      version: 2,
      updatedBy: { email: users.commander.email },
    });
  });

  it('refuses viewers and storing nothing', async () => {
    const before = await db.auditEntry.count();
    const r = await run('save', 'viewer', { incidentId, section: 'lucky', body: 'x', version: 0 });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden:postmortem:edit' } });
    expect(await db.postmortemSection.count({ where: { section: 'lucky' } })).toBe(0);
    expect(await db.auditEntry.count()).toBe(before);
  });
});

describe('action items', () => {
  it('promotes a long-term fix and an unticked item with owner, due date and link', async () => {
    const fix = await db.fix.findFirstOrThrow({ where: { incidentId, phase: 'long' }, orderBy: { position: 'asc' } });
    const r1 = await run('addAction', 'responder', {
      incidentId,
      text: fix.title,
      owner: 'ops@pm.test',
      due: '2026-01-20',
      link: 'https://tracker.example.test/OPS-1',
      sourceType: 'fix',
      sourceId: fix.id,
    });
    expect(r1).toMatchObject({
      ok: true,
      data: { text: fix.title, owner: 'ops@pm.test', due: '2026-01-20', version: 1 },
    });
    const open = await db.checklistItem.findFirstOrThrow({
      where: { done: false, group: { checklist: { incidentId } } },
    });
    const r2 = await run('addAction', 'commander', {
      incidentId,
      text: open.text,
      sourceType: 'checklist-item',
      sourceId: open.id,
    });
    expect(r2.ok).toBe(true);
    const rows = await db.actionItem.findMany({ where: { incidentId }, orderBy: { position: 'asc' } });
    expect(rows.map((r) => [r.position, r.sourceType, r.sourceId])).toEqual([
      [0, 'fix', fix.id],
      [1, 'checklist-item', open.id],
    ]);
  });

  it('refuses a source from another incident, a bad date and a non-http link, naming the problem', async () => {
    const other = await importAs('commander', fixture);
    const foreign = await db.fix.findFirstOrThrow({ where: { incidentId: other.id } });
    expect(
      await run('addAction', 'responder', { incidentId, text: 'x', sourceType: 'fix', sourceId: foreign.id }),
    ).toMatchObject({ ok: false, error: { code: 'not_found:action-item-source' } });
    expect(await run('addAction', 'responder', { incidentId, text: 'x', due: '20/01/2026' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', fieldErrors: { due: ['Give the due date as YYYY-MM-DD.'] } },
    });
    expect(await run('addAction', 'responder', { incidentId, text: 'x', link: 'javascript:alert(1)' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', fieldErrors: { link: ['A link must be an http(s) URL.'] } },
    });
    expect(await db.actionItem.count({ where: { incidentId } })).toBe(2);
  });

  it('updates with the version seen, and a stale update conflicts with the current state', async () => {
    const item = await db.actionItem.findFirstOrThrow({ where: { incidentId, position: 0 } });
    const done = await run('updateAction', 'responder', {
      actionItemId: item.id,
      version: 1,
      text: item.text,
      owner: item.owner,
      due: item.due,
      link: item.link,
      done: true,
    });
    expect(done).toMatchObject({ ok: true, data: { done: true, version: 2 } });
    const stale = await run('updateAction', 'commander', {
      actionItemId: item.id,
      version: 1,
      text: 'renamed',
      done: false,
    });
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'conflict:action-item', current: { done: true, version: 2 } },
    });
    expect(await db.actionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      text: item.text,
      done: true,
    });
  });

  it('counts open / total per incident for the incident list', async () => {
    const listed = await listIncidents();
    const ours = listed.find((i) => i.slug === slug);
    // Two promoted, one of them done since.
    expect(ours?.actionItems).toEqual({ open: 1, total: 2 });
    const counted = await db.actionItem.groupBy({ by: ['incidentId'], _count: { _all: true } });
    for (const i of listed) {
      const rows = counted.find((c) => c.incidentId === i.id)?._count._all ?? 0;
      expect(i.actionItems.total, i.slug).toBe(rows);
    }
  });
});

describe('key events and the timeline', () => {
  it('a note marked key joins the draft’s events; the full timeline pages', async () => {
    const note = await db.timelineEvent.findFirstOrThrow({ where: { incidentId, kind: 'note' } });
    expect((await loadPostmortem(slug, { timeline: 'key' }))!.timeline.map((e) => e.summary)).not.toContain(
      note.summary,
    );
    expect(await run('markKey', 'responder', { eventId: note.id, key: true })).toMatchObject({ ok: true });
    const key = (await loadPostmortem(slug, { timeline: 'key' }))!.timeline;
    expect(key.find((e) => e.summary === note.summary)).toMatchObject({ key: true });
    expect(key.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['status', 'comms.update', 'impact-start', 'import']),
    );
    const all = await loadPostmortem(slug, { timeline: 'all' });
    const page = await listTimelinePage(slug, 1);
    expect(page).toMatchObject({ total: all!.timeline.length, page: 1, pages: 1 });
    expect(page!.events.map((e) => e.summary)).toEqual(all!.timeline.map((e) => e.summary));
  });
});

describe('exports', () => {
  const forbidden = () => [
    WEBHOOK_TOKEN,
    WEBHOOK_URL,
    'xoxb-p0stm0rtem',
    PASSPHRASE,
    privateKey.split('\n')[1],
    'OPENSSH PRIVATE KEY',
    process.env.WARROOM_SECRET_KEY!,
    process.env.AUTH_SECRET!,
  ];

  it('never contain a private key, a passphrase, a webhook URL or a server secret', async () => {
    const stored = await db.incidentWebhook.findFirstOrThrow({ where: { incidentId } });
    for (const format of ['md', 'json', 'html', 'svg', 'bundle'] as const) {
      const text = (await exportPostmortem(slug, format)).body.toString('utf8');
      for (const secret of [...forbidden(), stored.urlEncrypted]) expect(text, `${format} leaks`).not.toContain(secret);
    }
    const json = JSON.parse((await exportPostmortem(slug, 'json')).body.toString('utf8'));
    expect(json.webhooks).toEqual([{ name: 'ops-slack', urlHint: stored.urlHint, active: true }]);
  });

  it('Markdown carries the work done: ticks, notes, narrative and action items', async () => {
    const md = (await exportPostmortem(slug, 'md')).body.toString('utf8');
    expect(md).toMatch(/^---\nwarroom: export\nschemaVersion: 1\n/);
    expect(md).toMatch(
      /^- 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC: Killed next-server PID 264588; port 3000 free \(Responder Person\)$/m,
    );
    expect(md).toContain('- 2026-01-08 05:54:07 UTC: Impact began: frontend 503 (Commander Person)');
    expect(md).toMatch(
      /^- \[x\] Fix 6: .* \(owner: ops@pm\.test; due: 2026-01-20; link: https:\/\/tracker\.example\.test\/OPS-1\)$/m,
    );
    expect(md).toContain('### What went well\n\n- Roles were clear\n- Fast detection\n');
    expect(md).not.toContain('timeline.svg');
  });

  it('the Markdown re-imports into an incident with the same checklist states and findings', async () => {
    const md = (await exportPostmortem(slug, 'md')).body.toString('utf8');
    const copy = await importAs('commander', md);
    const states = async (id: string) =>
      (
        await db.checklist.findMany({
          where: { incidentId: id },
          orderBy: { position: 'asc' },
          select: {
            title: true,
            groups: {
              orderBy: { position: 'asc' },
              select: {
                title: true,
                items: { orderBy: { position: 'asc' }, select: { text: true, done: true, depth: true } },
              },
            },
          },
        })
      ).filter((c) => c.title !== 'Action items');
    const original = await states(incidentId);
    expect(original.flatMap((c) => c.groups.flatMap((g) => g.items)).filter((i) => i.done).length).toBeGreaterThan(10);
    expect(await states(copy.id)).toEqual(original);
    const findings = async (id: string) =>
      db.finding.findMany({
        where: { incidentId: id },
        orderBy: { position: 'asc' },
        select: {
          title: true,
          severity: true,
          status: true,
          rootCause: true,
          evidence: true,
          impact: true,
          codeLocation: true,
        },
      });
    expect(await findings(copy.id)).toEqual(await findings(incidentId));

    // The events, the action items, the lessons and how it went come back too.
    const [orig, back] = await Promise.all([
      loadPostmortem(slug, { timeline: 'all' }),
      loadPostmortem(copy.slug, { timeline: 'all' }),
    ]);
    const line = (e: { summary: string; actor: { name: string } | null }) =>
      `${e.summary.replace(/\s*\n\s*/g, ' ')}${e.actor ? ` (${e.actor.name})` : ''}`;
    const backEvents = new Set(back!.timeline.filter((e) => e.kind !== 'import').map((e) => `${e.at} ${e.summary}`));
    for (const e of orig!.timeline) expect(backEvents).toContain(`${e.at.slice(0, 19)}.000Z ${line(e)}`);
    expect(
      back!.timeline.filter((e) => e.kind === 'imported' && /^Status [a-z]+ → /.test(e.summary)).map((e) => e.summary),
    ).toEqual(orig!.timeline.filter((e) => e.kind === 'status').map(line));
    expect(back!.actionItems.map(({ id: _i, source: _s, ...a }) => a)).toEqual(
      orig!.actionItems.map(({ id: _i, source: _s, ...a }) => a),
    );
    expect(back!.narrative.wentWell.body).toBe('Roles were clear\nFast detection');
    expect(back!.incident).toMatchObject({
      status: 'resolved',
      startedAt: orig!.incident.startedAt,
      detectedAt: orig!.incident.detectedAt,
      mitigatedAt: orig!.incident.mitigatedAt,
      resolvedAt: orig!.incident.resolvedAt,
    });
  });

  it('the audit bundle holds the incident’s audit entries and verifies offline with its one-line command', async () => {
    const file = await exportPostmortem(slug, 'bundle');
    const dir = fs.mkdtempSync(path.join(tmp, 'bundle-'));
    fs.writeFileSync(path.join(dir, file.filename), file.body);
    execFileSync('tar', ['-xf', file.filename, '-C', dir], { cwd: dir });
    const lines = fs
      .readFileSync(path.join(dir, slug, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const rows = await incidentAuditRows(incidentId);
    expect(lines).toEqual(rows);
    expect(lines.map((l) => l.action)).toEqual(
      expect.arrayContaining([
        'incident.import',
        'checklist.tick',
        'incident.set-status',
        'comms.publish',
        'comms.webhook-add',
        'postmortem.save-section',
      ]),
    );
    expect(lines.map((l) => l.action)).not.toContain('host.create');
    const head = JSON.parse(fs.readFileSync(path.join(dir, slug, 'chain-head.json'), 'utf8'));
    const last = await db.auditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    expect(head).toMatchObject({ seq: last.seq, hash: last.hash, verifiedAtExport: true });
    const [cmd, ...args] = verifyCommand(slug).split(' ');
    const r = spawnSync(defined(cmd, 'verify command'), args, { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`audit bundle ok: ${rows.length} entries verified`);
    expect(fs.readFileSync(path.join(dir, slug, 'postmortem.md'), 'utf8')).toContain('![Timeline chart of');
    expect(fs.readFileSync(path.join(dir, slug, 'timeline.svg'), 'utf8')).toMatch(/^<svg /);
  });

  it('PDF: rendered by the system Chromium; without it, a clear refusal', async () => {
    const pdf = await exportPostmortem(slug, 'pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.body.length).toBeGreaterThan(10_000);

    process.env.CHROMIUM_PATH = path.join(tmp, 'no-chromium-here');
    resetEnvForTests();
    try {
      await expect(exportPostmortem(slug, 'pdf')).rejects.toMatchObject({
        code: 'unavailable:pdf',
        message: expect.stringContaining(
          `needs Chromium at ${path.join(tmp, 'no-chromium-here')}, which is not installed`,
        ),
      });
    } finally {
      delete process.env.CHROMIUM_PATH;
      resetEnvForTests();
    }
  });

  it('warroom export: writes Markdown with the chart beside it, names a missing incident and a missing Chromium', async () => {
    const out = path.join(tmp, 'cli.md');
    const md = runCli(process.env, ['export', slug, '--format', 'md', '--out', out]);
    expect(md.stderr).toBe('');
    expect(md.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('![Timeline chart of');
    expect(fs.readFileSync(path.join(tmp, 'cli-timeline.svg'), 'utf8')).toMatch(/^<svg /);
    const missing = runCli(process.env, ['export', 'no-such-incident', '--format', 'json']);
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'warroom: No incident "no-such-incident". (not_found:incident)\n',
    });
    const noChromium = runCli({ ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' }, [
      'export',
      slug,
      '--format',
      'pdf',
    ]);
    expect(noChromium.code).toBe(1);
    expect(noChromium.stderr).toContain('PDF export needs Chromium at /nonexistent/chromium, which is not installed');
    expect(runCli(process.env, ['export', slug, '--format', 'docx']).code).toBe(2);
  });
});
