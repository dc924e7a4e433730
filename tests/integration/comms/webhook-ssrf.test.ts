import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '@/lib/comms/post-webhook';
import { isInternalAddress, type Resolver } from '@/lib/comms/webhook-destination';

/**
 * Webhooks cannot reach internal addresses. DNS is answered by the test
 * (10.x, 169.254.169.254, ULA …), so no real lookup happens; the only thing
 * reachable at all is a loopback receiver, and it counts every request: a
 * refusal that happened after connecting would show up there.
 */
const policy = { maxRetries: 0, baseDelayMs: 1, timeoutMs: 2_000 };
let received = 0;
let port = 0;
const receiver = http.createServer((req, res) => {
  received++;
  req.resume();
  res.writeHead(204).end();
});
beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

/** Every name resolves to `address`; the receiver's port is the one in the URL. */
const answers =
  (address: string): Resolver =>
  async () => [{ address, family: address.includes(':') ? 6 : 4 }];

describe('webhook destinations', () => {
  it.each([
    ['10.1.2.3', 'RFC 1918'],
    ['172.20.0.5', 'RFC 1918'],
    ['192.168.1.1', 'RFC 1918'],
    ['169.254.169.254', 'cloud metadata'],
    ['100.64.0.1', 'CGNAT'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'IPv6 loopback'],
    ['fd12:3456::1', 'IPv6 ULA'],
    ['fe80::1', 'IPv6 link-local'],
    ['::ffff:10.0.0.1', 'IPv4-mapped RFC 1918'],
  ])('refuses a name that resolves to %s (%s) before connecting', async (address) => {
    const before = received;
    const r = await postWebhook(`http://hooks.example.com:${port}/x`, { a: 1 }, policy, {
      resolve: answers(address),
      allowInternal: '',
    });
    expect(r).toMatchObject({ ok: false, attempts: 1, outcome: { kind: 'refused' } });
    expect(r.detail).toContain(`internal address (${address})`);
    expect(received).toBe(before);
  });

  it('refuses an internal address written in the URL itself, and one internal answer among public ones', async () => {
    const before = received;
    const literal = await postWebhook(`http://127.0.0.1:${port}/x`, {}, policy, { allowInternal: '' });
    expect(literal.outcome.kind).toBe('refused');
    const metadata = await postWebhook('http://169.254.169.254/latest/meta-data/', {}, policy, { allowInternal: '' });
    expect(metadata.detail).toContain('169.254.169.254');
    const mixed = await postWebhook(`http://hooks.example.com:${port}/x`, {}, policy, {
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.8', family: 4 },
      ],
      allowInternal: '',
    });
    expect(mixed.outcome.kind).toBe('refused');
    expect(received).toBe(before);
  });

  it('connects to the checked address only, and lets an allow-listed internal server through', async () => {
    const before = received;
    // chat.internal resolves to loopback: refused until the admin allows it …
    const refused = await postWebhook(`http://chat.internal:${port}/hook`, {}, policy, {
      resolve: answers('127.0.0.1'),
      allowInternal: '',
    });
    expect(refused.outcome.kind).toBe('refused');
    expect(received).toBe(before);
    // … by name and port, or by address.
    for (const allowInternal of [`chat.internal:${port}`, '127.0.0.1', '127.0.0.0/8']) {
      const ok = await postWebhook(`http://chat.internal:${port}/hook`, {}, policy, {
        resolve: answers('127.0.0.1'),
        allowInternal,
      });
      expect(ok, allowInternal).toMatchObject({ ok: true, outcome: { kind: 'http', status: 204 } });
    }
    expect(received).toBe(before + 3);
    // The allow-listed name on another port is still refused.
    const otherPort = await postWebhook(`http://chat.internal:1/hook`, {}, policy, {
      resolve: answers('127.0.0.1'),
      allowInternal: `chat.internal:${port}`,
    });
    expect(otherPort.outcome.kind).toBe('refused');
  });

  it('classifies public addresses as public', () => {
    expect(isInternalAddress('93.184.216.34')).toBe(false);
    expect(isInternalAddress('2606:4700::1111')).toBe(false);
    expect(isInternalAddress('not an address')).toBe(true);
  });
});
