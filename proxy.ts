import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE_NAMES, servedOverHttps } from './lib/auth/session-cookie';

/**
 * proxy.ts only redirects and sets headers. It is never an authorization
 * check: every page, action and route handler authorizes itself
 * (lib/auth/session.ts, lib/auth/action.ts). Here an anonymous page view is
 * sent to /login early, and each response gets a nonce-based CSP.
 */
const PUBLIC_PAGES = [/^\/login(\/|$)/, /^\/status\//];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Only page views are redirected; a server-action POST reaches its action,
  // which refuses an anonymous caller itself with a typed error.
  const isPageView = (request.method === 'GET' || request.method === 'HEAD') && !pathname.startsWith('/api/');
  const hasSession = SESSION_COOKIE_NAMES.some((c) => request.cookies.has(c));
  if (isPageView && !hasSession && !PUBLIC_PAGES.some((p) => p.test(pathname))) {
    const url = request.nextUrl.clone();
    url.pathname = '/login';
    url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV !== 'production';
  const csp = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  // Only when served over HTTPS: HSTS on a plain-HTTP install would lock browsers out of it.
  if (servedOverHttps(process.env)) {
    response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|icon.svg|icon-overdue.svg).*)' }],
};
