import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { db } from '@/lib/db';
import { getEnv, getSecrets } from '@/lib/env';
import { logger } from '@/lib/logger';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { checkEmail } from './email';
import { verifyPassword } from './password';
import { checkLoginLimit, clearAccountFailures, recordLoginFailure } from './rate-limit';

declare module 'next-auth' {
  interface Session {
    uid?: string;
    sv?: number;
  }
}

/** Codes travel to the login form; they never say which half was wrong. */
export class InvalidLogin extends CredentialsSignin {
  code = 'invalid';
}
export class ThrottledLogin extends CredentialsSignin {
  code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super();
    this.code = `rate_limited:${retryAfterSeconds}`;
  }
}

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

function clientAddress(request: Request | undefined): string {
  const fwd = request?.headers.get('x-forwarded-for');
  return fwd?.split(',')[0]?.trim() || 'unknown';
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getSecrets().authSecret,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login' },
  cookies: {
    sessionToken: {
      name: getEnv().NODE_ENV === 'production' ? 'warroom.session' : 'warroom.dev-session',
      options: { httpOnly: true, sameSite: 'strict', path: '/', secure: false },
    },
  },
  logger: {
    error(error: Error) {
      // A wrong password is not a server error; keep it out of the error log.
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === 'CredentialsSignin') return;
      logger().error({ err: error }, 'auth error');
    },
    warn(code: string) {
      logger().warn({ code }, 'auth warning');
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const emailCheck = checkEmail(String(credentials?.email ?? ''));
        const password = String(credentials?.password ?? '');
        if (!emailCheck.ok || !password || password.length > 200) throw new InvalidLogin();
        const email = emailCheck.email;
        const address = clientAddress(request);
        const limit = checkLoginLimit(email, address);
        if (limit.limited) {
          logger().warn({ email, address, scope: limit.scope }, 'sign-in throttled');
          throw new ThrottledLogin(limit.retryAfterSeconds);
        }
        const user = await db.user.findUnique({
          where: { email },
          select: {
            id: true,
            email: true,
            name: true,
            passwordHash: true,
            disabled: true,
            sessionVersion: true,
            role: true,
          },
        });
        const passwordOk = await verifyPassword(password, user?.passwordHash);
        if (!user || !passwordOk || user.disabled) {
          recordLoginFailure(email, address);
          logger().info(
            { email, address, reason: !user ? 'unknown' : user.disabled ? 'disabled' : 'password' },
            'sign-in refused',
          );
          throw new InvalidLogin();
        }
        clearAccountFailures(email);
        // Through the same commit path as every other mutation (no incident, so no timeline event).
        await commitMutation({ id: user.id, email: user.email }, async () => ({
          data: null,
          audit: { action: 'auth.sign-in', targetType: 'user', targetId: user.id, payload: { address } },
        }));
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } as never;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = (user as { id: string }).id;
        token.sv = (user as { sessionVersion: number }).sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.uid = typeof token.uid === 'string' ? token.uid : undefined;
      session.sv = typeof token.sv === 'number' ? token.sv : undefined;
      return session;
    },
  },
}));
