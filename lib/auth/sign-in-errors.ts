/**
 * What /login?error=… says. Auth.js sends its own codes there too (pages.error
 * is /login): a provider that cannot be reached arrives as Configuration or
 * OAuthSignin, a failed callback as OAuthCallbackError / CallbackRouteError.
 * An unknown code gets the generic message, never the code itself echoed.
 */
export function signInErrorMessage(code: string | undefined, providerName: string | null): string | null {
  if (!code) return null;
  const provider = providerName ?? 'single sign-on';
  switch (code) {
    case 'sso-link-required':
      return (
        'An account with this email already exists and signs in with a password. ' +
        'For your safety warroom does not link it to single sign-on by itself: ask an admin to allow the link ' +
        '(Admin → Users → “Allow SSO link”), then sign in with SSO again.'
      );
    case 'sso-disabled':
      return 'This account is disabled. Ask an admin to enable it.';
    case 'sso-no-email':
      return `${provider} did not send a valid email address for your account; ask whoever runs it to release the email claim.`;
    case 'sso-unavailable':
    case 'Configuration':
    case 'OAuthSignin':
    case 'OAuthCallbackError':
    case 'CallbackRouteError':
      return `${provider} could not be reached or did not answer properly. Try again in a minute, or sign in with your password.`;
    case 'AccessDenied':
      return 'The sign-in was refused. Try again, or ask an admin.';
    default:
      return 'The sign-in did not complete. Try again.';
  }
}
