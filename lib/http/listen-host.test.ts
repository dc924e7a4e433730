import { describe, expect, it } from 'vitest';
import { isLoopback, listenHost } from './listen-host';

const plain = { https: false } as const;

describe('listenHost', () => {
  it('serves plain HTTP on loopback only unless told otherwise', () => {
    expect(listenHost(plain)).toBe('127.0.0.1');
    expect(listenHost({ ...plain, WARROOM_LISTEN_HOST: '::1' })).toBe('::1');
    expect(listenHost({ ...plain, WARROOM_LISTEN_HOST: 'localhost' })).toBe('localhost');
  });

  it('refuses every interface over plain HTTP, naming the settings that allow it', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      expect(() => listenHost({ ...plain, WARROOM_LISTEN_HOST: host })).toThrow(
        `refusing to serve plain HTTP on ${host} (WARROOM_LISTEN_HOST)`,
      );
      expect(() => listenHost({ ...plain, WARROOM_LISTEN_HOST: host })).toThrow(/WARROOM_ALLOW_PLAIN_HTTP=1/);
    }
  });

  it('listens wider when that is said out loud: TLS in front, or cleartext on purpose', () => {
    expect(listenHost({ https: true, WARROOM_LISTEN_HOST: '0.0.0.0' })).toBe('0.0.0.0');
    expect(listenHost({ ...plain, WARROOM_LISTEN_HOST: '0.0.0.0', WARROOM_ALLOW_PLAIN_HTTP: '1' })).toBe('0.0.0.0');
    expect(listenHost({ ...plain, WARROOM_ALLOW_PLAIN_HTTP: '1' })).toBe('::');
    // HTTPS alone does not widen it: the TLS proxy of deploy/ runs on the same machine.
    expect(listenHost({ https: true })).toBe('127.0.0.1');
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'LOCALHOST'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com'].some(isLoopback)).toBe(false);
  });
});
