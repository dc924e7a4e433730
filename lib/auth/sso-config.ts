import 'server-only';
import { getEnv } from '@/lib/env';

/** Whether single sign-on is configured, and the button's label. */
export function ssoConfigured(): boolean {
  return getEnv().oidc !== null;
}

export function ssoButtonLabel(): string | null {
  const oidc = getEnv().oidc;
  return oidc ? `Sign in with ${oidc.name}` : null;
}
