import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { Provider } from 'next-auth/providers';
import { getEnv, getSecrets } from '@/lib/env';
import { logger } from '@/lib/logger';
import { metrics } from '@/lib/metrics';
import { asStorageFault } from '@/lib/db/storage-fault';
import { AppError } from '@/lib/errors';
import { CLIENT_ADDRESS_HEADER } from '@/lib/http/client-address';
import { checkEmail } from './email';
import { passwordSignIn } from './password-sign-in';
import { ssoSignIn } from './sso-sign-in';
import { sessionCookieName } from './session-cookie';

declare module 'next-auth' {
  interface Session {
    uid?: string;
    sv?: number;
    sid?: string;
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

/** The database cannot record the sign-in (disk full, read-only): say that, not "wrong password". */
export class UnavailableLogin extends CredentialsSignin {
  code = 'unavailable';
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/** The provider id in URLs (/api/auth/callback/oidc) and in `signIn('oidc')`. */
export const OIDC_PROVIDER_ID = 'oidc';

/** Set by server.ts from the socket (X-Forwarded-For only via a trusted proxy); `unknown` under `next dev`. */
function clientAddress(request: Request | undefined): string {
  return request?.headers.get(CLIENT_ADDRESS_HEADER) || 'unknown';
}

type SignedInUser = { id: string; email: string; name: string; sessionVersion: number; sid: string };

function oidcProvider(): Provider[] {
  const oidc = getEnv().oidc;
  if (!oidc) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: oidc.name,
      type: 'oidc',
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      authorization: { params: { scope: 'openid email profile' } },
      checks: ['pkce', 'state', 'nonce'],
      profile: (p: Record<string, unknown>) => ({
        id: String(p.sub),
        email: String(p.email ?? ''),
        name: String(p.name ?? ''),
      }),
    },
  ];
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const env = getEnv();
  return {
    secret: getSecrets().authSecret,
    trustHost: true,
    useSecureCookies: env.https,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    // Errors (a provider that is down, a refused link) land on the login page with a message, never a 500.
    pages: { signIn: '/login', error: '/login' },
    cookies: {
      sessionToken: {
        name: sessionCookieName(env),
        // Lax, not strict: the SSO callback arrives as a cross-site redirect from the provider, and
        // a strict cookie would not be sent on the redirect into the console. Cross-site POSTs are
        // refused by Next's Origin check on server actions (e2e/security/origin.spec.ts).
        options: { httpOnly: true, sameSite: 'lax', path: '/', secure: env.https },
      },
    },
    logger: {
      error(error: Error) {
        // A wrong password is not a server error; keep it out of the error log.
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === 'CredentialsSignin') return;
        logger().error({ err: { message: error.message, type: (error as { type?: string }).type } }, 'auth error');
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
          const signIns = metrics().signIns;
          if (!emailCheck.ok || !password || password.length > 200) {
            signIns.inc({ method: 'credentials', result: 'refused' });
            throw new InvalidLogin();
          }
          let result;
          try {
            result = await passwordSignIn({ email: emailCheck.email, password, address: clientAddress(request) });
          } catch (caught) {
            // The throttle's own write is the first to meet a full disk: name it as such, never as a wrong password.
            const err = asStorageFault(caught);
            if (err instanceof AppError && err.code.startsWith('unavailable:')) {
              signIns.inc({ method: 'credentials', result: 'unavailable' });
              throw new UnavailableLogin(err.code);
            }
            throw err;
          }
          if (!result.ok) {
            signIns.inc({ method: 'credentials', result: result.reason === 'throttled' ? 'throttled' : 'refused' });
            if (result.reason === 'throttled') throw new ThrottledLogin(result.retryAfterSeconds);
            throw new InvalidLogin();
          }
          signIns.inc({ method: 'credentials', result: 'ok' });
          return { ...result.user, sid: result.sid } satisfies SignedInUser as never;
        },
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const outcome = await ssoSignIn({
          issuer: String(profile?.iss ?? env.oidc?.issuer ?? ''),
          subject: String(account.providerAccountId ?? profile?.sub ?? ''),
          email: profile?.email,
          name: profile?.name,
        });
        metrics().signIns.inc({ method: 'sso', result: outcome.ok ? 'ok' : 'refused' });
        if (!outcome.ok) return `/login?error=${outcome.reason}`;
        // Auth.js hands this same object to the jwt callback below (no adapter, JWT sessions).
        Object.assign(user, { ...outcome.user, sid: outcome.sid } satisfies SignedInUser);
        return true;
      },
      jwt({ token, user }) {
        if (user) {
          const u = user as unknown as SignedInUser;
          token.uid = u.id;
          token.sv = u.sessionVersion;
          token.sid = u.sid;
        }
        return token;
      },
      session({ session, token }) {
        session.uid = typeof token.uid === 'string' ? token.uid : undefined;
        session.sv = typeof token.sv === 'number' ? token.sv : undefined;
        session.sid = typeof token.sid === 'string' ? token.sid : undefined;
        return session;
      },
    },
  };
});
