import 'server-only';
import { NextResponse } from 'next/server';
import { getCurrentUser } from '@/lib/auth/session';
import { can, type Permission } from '@/lib/auth/permissions';
import type { SessionUser } from '@/lib/auth/types';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { metrics } from '@/lib/metrics';

/**
 * `signedIn`: any signed-in user may call it because the handler checks a
 * permission per resource it touches (the realtime stream checks each
 * channel) — say where, in `why`.
 */
type Access = { permission: Permission } | { signedIn: true; why: string } | { public: true; why: string };
type Handler<P, U> = (ctx: { request: Request; params: P; user: U }) => Promise<Response>;

/**
 * The one way to write a route handler: it states who may call it and
 * checks that inside itself (a public route says why it is public). Errors
 * become JSON with a typed code, never a stack trace.
 */
export function route<P = Record<string, string>, A extends Access = Access>(
  name: string,
  access: A,
  handler: Handler<P, A extends { public: true } ? SessionUser | null : SessionUser>,
) {
  return async (request: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    let status = 500;
    try {
      let user: SessionUser | null = null;
      if (!('public' in access)) {
        user = await getCurrentUser();
        if (!user) return json(401, { error: { code: 'unauthenticated', message: 'Sign in first.' } });
        if ('permission' in access && !can(user.role, access.permission)) {
          return json(403, { error: { code: `forbidden:${access.permission}`, message: 'Your role cannot do this.' } });
        }
      }
      const res = await handler({ request, params: await ctx.params, user: user as SessionUser });
      status = res.status;
      return res;
    } catch (err) {
      if (err instanceof AppError) {
        status = err.status;
        return json(err.status, { error: err.toActionError() });
      }
      logger().error({ err, route: name }, 'route failed');
      return json(500, { error: { code: 'internal', message: 'The server could not complete this request.' } });
    } finally {
      metrics().httpRequests.inc({ route: name, status: String(status) });
    }
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}
