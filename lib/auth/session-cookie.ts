/**
 * Over HTTPS the session cookie is `__Host-` prefixed (Secure, Path=/, no
 * Domain: a sibling subdomain cannot set or shadow it). proxy.ts only needs
 * the names to tell "maybe signed in" from "certainly not".
 */
export const SESSION_COOKIE_NAMES = [
  '__Host-warroom.session',
  'warroom.session',
  '__Host-warroom.dev-session',
  'warroom.dev-session',
];

export function sessionCookieName(env: { NODE_ENV: string; https: boolean }): string {
  const base = env.NODE_ENV === 'production' ? 'warroom.session' : 'warroom.dev-session';
  return env.https ? `__Host-${base}` : base;
}

/** WARROOM_HTTPS=1 or an https AUTH_URL (TLS terminated here or by the proxy in front). */
export function servedOverHttps(env: Record<string, string | undefined>): boolean {
  return env.WARROOM_HTTPS === '1' || env.WARROOM_HTTPS === 'true' || (env.AUTH_URL ?? '').startsWith('https://');
}
