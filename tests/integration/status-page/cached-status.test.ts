import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { getCachedPublicStatus, publicFeedReads, PUBLIC_FEED_MAX_AGE_S } =
  await import('@/lib/status-page/cached-status');

const slug = 'feed-cache-sev1';
let incidentId = '';

beforeAll(async () => {
  // Rows written directly: this test is about the read path, not publishing (tests/integration/comms).
  const incident = await db.incident.create({
    data: { slug, title: 'Checkout is down', severity: 'SEV1', sourceMarkdown: '', planJson: '{}' },
  });
  incidentId = incident.id;
  await db.statusUpdate.create({ data: { incidentId, body: 'We are investigating.', audience: 'public' } });
});

afterAll(async () => {
  await closeDb();
});

describe('the public status feed cache', () => {
  it('answers a thousand visitors polling at once with one database read', async () => {
    const before = publicFeedReads();
    const now = Date.now();
    const answers = await Promise.all(Array.from({ length: 1000 }, () => getCachedPublicStatus(slug, now)));
    expect(publicFeedReads() - before).toBe(1);
    expect(new Set(answers.map((a) => a?.title))).toEqual(new Set(['Checkout is down']));
    expect(answers[999]?.updates.map((u) => u.body)).toEqual(['We are investigating.']);
  });

  it('really does not ask the database inside the window, and asks again after it', async () => {
    const start = Date.now();
    await getCachedPublicStatus(slug, start + 60_000);
    await db.statusUpdate.create({ data: { incidentId, body: 'A fix is being deployed.', audience: 'public' } });

    const before = publicFeedReads();
    const inside = await getCachedPublicStatus(slug, start + 60_000 + (PUBLIC_FEED_MAX_AGE_S * 1000 - 1));
    expect(inside?.updates).toHaveLength(1);
    expect(publicFeedReads()).toBe(before);

    const after = await getCachedPublicStatus(slug, start + 60_000 + PUBLIC_FEED_MAX_AGE_S * 1000);
    expect(after?.updates.map((u) => u.body)).toEqual(['A fix is being deployed.', 'We are investigating.']);
    expect(publicFeedReads()).toBe(before + 1);
  });

  it('keeps the narrow public view: nothing internal, no page for a slug nobody published', async () => {
    await db.statusUpdate.create({
      data: { incidentId, body: 'internal: db primary is tms-prod-1', audience: 'internal' },
    });
    const later = Date.now() + 3_600_000;
    const status = await getCachedPublicStatus(slug, later);
    expect(JSON.stringify(status)).not.toContain('tms-prod-1');
    expect(await getCachedPublicStatus('no-such-incident', later)).toBeNull();
  });
});
