import { describe, expect, it } from 'vitest';
import { signInErrorMessage } from './sign-in-errors';

describe('signInErrorMessage', () => {
  it('says what to do in the linking case, and never echoes an unknown code', () => {
    expect(signInErrorMessage('sso-link-required', 'Corp SSO')).toMatch(/ask an admin to allow the link/);
    expect(signInErrorMessage('<script>x</script>', 'Corp SSO')).toBe('The sign-in did not complete. Try again.');
    expect(signInErrorMessage(undefined, null)).toBeNull();
  });
  it('names the provider when it is down', () => {
    expect(signInErrorMessage('Configuration', 'Corp SSO')).toMatch(/^Corp SSO could not be reached/);
  });
});
