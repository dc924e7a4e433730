import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID Connect provider (the `oidc-provider` package, the
 * certified implementation) on loopback, for the SSO specs. Its built-in
 * development login page accepts any login name; that name becomes the
 * account's `sub` and `email`, so a test signs in as `test@gmail.test` by
 * typing it. Plain http on 127.0.0.1: Auth.js allows it (its client is
 * configured with oauth4webapi's allowInsecureRequests) and warroom only
 * accepts an http issuer on loopback (lib/env.ts).
 *
 * The issuer's port is fixed by playwright.config.ts (the server is started
 * with WARROOM_OIDC_ISSUER pointing at it); stopping it makes "the provider
 * is down" real.
 */
export const IDP_CLIENT = { id: 'warroom-e2e', secret: 'e2e-oidc-client-secret-7c1d9a' };

export type IdentityProvider = { issuer: string; stop: () => Promise<void> };

export async function startIdentityProvider(opts: { port: number; appOrigin: string }): Promise<IdentityProvider> {
  const { default: Provider } = (await import('oidc-provider')) as {
    default: new (issuer: string, config: Record<string, unknown>) => { callback: () => http.RequestListener };
  };
  const issuer = `http://127.0.0.1:${opts.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        redirect_uris: [`${opts.appOrigin}/api/auth/callback/oidc`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // Any login typed on the dev page is an account whose email is that login, as typed.
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id, email_verified: true, name: `IdP ${id.split('@')[0]}` }),
    }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The ID token carries the scope's claims (Auth.js builds the profile from it).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['e2e-idp-cookie-key-0123456789abcdef'] },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    issuer: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Signs in on the provider's development login page, then grants consent. */
export async function signInAtProvider(page: import('@playwright/test').Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}
