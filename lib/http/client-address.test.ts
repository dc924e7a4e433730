import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxyList } from './client-address';

const none = trustedProxyList([]);
const proxies = trustedProxyList(['127.0.0.1', '10.1.0.0/16']);

describe('clientAddress', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (a forged header changes nothing)', () => {
    expect(clientAddress('203.0.113.7', '1.2.3.4', none)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7', '5.6.7.8', proxies)).toBe('203.0.113.7');
  });
  it('takes the right-most untrusted hop when the peer is a trusted proxy', () => {
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.2', proxies)).toBe('198.51.100.2');
    // The client prepended a forged hop; the proxies appended the real one.
    expect(clientAddress('127.0.0.1', '1.1.1.1, 198.51.100.2, 10.1.4.4', proxies)).toBe('198.51.100.2');
  });
  it('falls back to the socket address on a malformed hop or no header', () => {
    expect(clientAddress('127.0.0.1', 'not-an-ip', proxies)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
    expect(clientAddress(undefined, undefined, none)).toBe('unknown');
  });
  it('refuses a bad proxy entry by name', () => {
    expect(() => trustedProxyList(['10.0.0.0/8', 'proxy.local'])).toThrow(/proxy\.local is not an address/);
  });
});
