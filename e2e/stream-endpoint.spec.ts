import { test, expect, signIn, emailFor, importFixtureIncident } from './support/fixtures';

/**
 * GET /api/stream as the client (lib/realtime/stream-client.ts) relies on:
 * 401 ends the session, 404 names exactly the channels that are gone, a bad
 * query is a 400 naming the problem, and a good one is an unbuffered event
 * stream that opens with the channels' heads.
 */
test('the tab stream: 401 anonymous, 404 naming gone channels, 400 on a bad query, then a live stream', async ({
  page,
  playwright,
  baseURL,
}) => {
  const slug = importFixtureIncident();
  const anonymous = await playwright.request.newContext({ baseURL });
  const anon = await anonymous.get(`/api/stream?c=incident:${slug}`);
  expect(anon.status()).toBe(401);
  await anonymous.dispose();

  await signIn(page, emailFor('viewer'));
  const gone = await page.request.get(`/api/stream?c=incident:${slug}&c=incident:no-such-incident&c=secrets`);
  expect(gone.status()).toBe(404);
  expect((await gone.json()).error).toMatchObject({
    code: 'not_found:channel',
    channels: ['incident:no-such-incident', 'secrets'],
  });

  const bad = await page.request.get(`/api/stream?c=incident:${slug}@soon`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain('the cursor after @ must be an event id');

  // A real stream: read its first frames in the page, as the app does.
  await page.goto('/incidents');
  const opened = await page.evaluate(async (s) => {
    const abort = new AbortController();
    const res = await fetch(`/api/stream?c=incident:${s}&c=incidents`, { signal: abort.signal });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: open')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    return { status: res.status, type: res.headers.get('content-type'), text };
  }, slug);
  expect(opened.status).toBe(200);
  expect(opened.type).toMatch(/^text\/event-stream/);
  const open = JSON.parse(/event: open\ndata: (.*)\n/.exec(opened.text)?.[1] ?? 'null');
  expect(Object.keys(open.heads).sort()).toEqual([`incident:${slug}`, 'incidents']);
});
