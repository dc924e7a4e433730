import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempCliEnv } from '../../support/cli';

const { dbPath, env, cleanup } = tempCliEnv('warroom-attach-', { PORT: '3999' });
const fixture = path.join(process.cwd(), 'fixtures', 'tms-rca.md');

function items(slug: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (
      db
        .prepare(
          `SELECT count(*) AS n FROM "ChecklistItem" i JOIN "ChecklistGroup" g ON g.id = i."groupId"
           JOIN "Checklist" c ON c.id = g."checklistId" JOIN "Incident" x ON x.id = c."incidentId" WHERE x.slug = ?`,
        )
        .get(slug) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

afterAll(cleanup);

describe('warroom import, a second time', () => {
  it('says an open incident matches, and --attach merges into it without duplicates', () => {
    const first = JSON.parse(runCli(env, ['import', fixture, '--json']).stdout) as { slug: string };
    const second = runCli(env, ['import', fixture, '--json']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`the open incident ${first.slug} matches this document`);
    const attached = runCli(env, ['import', fixture, '--attach', first.slug, '--json']);
    expect(attached.code, attached.stderr).toBe(0);
    expect(JSON.parse(attached.stdout)).toMatchObject({ slug: first.slug, added: { items: 0, skippedItems: 61 } });
    expect(items(first.slug)).toBe(61);
    const missing = runCli(env, ['import', fixture, '--attach', 'no-such-incident']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No incident with the slug no-such-incident');
  });
});
