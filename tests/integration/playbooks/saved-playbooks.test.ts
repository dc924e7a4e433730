import { afterAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { commitMutation } = await import('@/lib/mutations/commit-mutation');
const { cliActor } = await import('@/lib/audit/actor');
const { verifyAuditChain } = await import('@/lib/audit/verify-audit');
const saved = await import('@/lib/playbooks/saved-playbooks');

afterAll(closeDb);

const V1 = `name: clear-cache
description: Clear the app's cache directory.
destructive: true
params:
  dir: { type: path, default: /srv/app/.next/cache }
steps:
  - id: clear
    name: Clear
    kind: run
    run: rm -rf -- {{ dir }}
`;
const V2 = V1.replace("Clear the app's cache directory.", 'Clear the Next.js cache.');

const save = (source: string) => commitMutation(cliActor(), (tx) => saved.savePlaybook(tx, cliActor(), source));

describe('saved playbooks', () => {
  it('keeps every version by content hash and serves the current one', async () => {
    const first = await save(V1);
    expect(first.data).toMatchObject({ name: 'clear-cache', created: true });
    const second = await save(V2);
    expect(second.data.hash).not.toBe(first.data.hash);
    expect(await db.playbookVersion.count()).toBe(2);
    expect((await saved.findPlaybook('clear-cache')).definition.description).toBe('Clear the Next.js cache.');
    expect((await saved.findPlaybook('clear-cache', first.data.hash)).hash).toBe(first.data.hash);
    const entry = await db.auditEntry.findFirst({ where: { seq: second.seq } });
    expect(JSON.parse(entry!.payload)).toMatchObject({ hash: second.data.hash, previous: first.data.hash });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('refuses an unchanged save, a playbook that does not lint, and a built-in name, changing nothing', async () => {
    const before = await db.playbookVersion.count();
    await expect(save(V2)).rejects.toThrow(/already at this version/);
    await expect(save(V1.replace('kind: run', 'kind: runn'))).rejects.toThrow(
      /does not lint: playbook:\d+:\d+ steps\[0\]/,
    );
    await expect(save(V1.replace('name: clear-cache', 'name: deploy'))).rejects.toThrow(
      /deploy is a built-in playbook/,
    );
    expect(await db.playbookVersion.count()).toBe(before);
  });

  it('lists built-ins and saved playbooks with their parameters', async () => {
    const list = await saved.listPlaybooks();
    expect(list.map((p) => p.name)).toEqual([
      'deploy',
      'free-port-and-restart',
      'rollback',
      'service-health',
      'tail-logs',
      'clear-cache',
    ]);
    expect(list.find((p) => p.name === 'clear-cache')).toMatchObject({
      builtIn: false,
      destructive: true,
      params: [{ name: 'dir', type: 'path', default: '/srv/app/.next/cache' }],
    });
  });
});
