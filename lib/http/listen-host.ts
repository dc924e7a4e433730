import net from 'node:net';
import { isTrue, type Env } from '@/lib/env';

/**
 * Where the server listens. warroom itself always speaks plain HTTP (TLS is
 * the proxy's job, deploy/nginx/warroom-tls.conf), and plain HTTP carries
 * session cookies and passwords in the clear — so by default it listens on
 * loopback only, where the proxy (or a laptop's browser) reaches it and
 * nobody else does.
 *
 * Wider takes a setting said out loud: WARROOM_LISTEN_HOST picks the
 * address; a non-loopback one needs WARROOM_HTTPS=1 / an https AUTH_URL (a
 * TLS proxy on another machine) or WARROOM_ALLOW_PLAIN_HTTP=1 (cleartext,
 * knowingly). WARROOM_ALLOW_PLAIN_HTTP=1 alone means every interface.
 */
export function listenHost(env: Pick<Env, 'WARROOM_LISTEN_HOST' | 'WARROOM_ALLOW_PLAIN_HTTP' | 'https'>): string {
  const allowPlain = isTrue(env.WARROOM_ALLOW_PLAIN_HTTP);
  const host = env.WARROOM_LISTEN_HOST?.trim();
  if (!host) return allowPlain ? '::' : '127.0.0.1';
  if (isLoopback(host) || env.https || allowPlain) return host;
  throw new Error(
    `refusing to serve plain HTTP on ${host} (WARROOM_LISTEN_HOST): every machine that can reach it would see ` +
      'passwords and session cookies in the clear. Put TLS in front and set WARROOM_HTTPS=1 (or an https AUTH_URL), ' +
      'or set WARROOM_ALLOW_PLAIN_HTTP=1 to serve cleartext on purpose',
  );
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return h === '::1' || h === '::ffff:127.0.0.1';
}
