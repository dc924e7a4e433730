import { describe, expect, it } from 'vitest';
import { checkEmail, normalizeEmail } from './email';

// The fixture's Issue 2: a strict validator rejected test@gmail.test and
// SSO returned 500 for every new user. Reserved and corporate TLDs are fine.
const accepted: [string, string][] = [
  ['test@gmail.test', 'test@gmail.test'],
  ['oncall@printer.local', 'oncall@printer.local'],
  ['sre@db.corp.internal', 'sre@db.corp.internal'],
  ['ops@example.com', 'ops@example.com'],
  ['  Alice.Smith+pager@Example.COM ', 'alice.smith+pager@example.com'],
  ['ic@company.engineering', 'ic@company.engineering'],
  ['root@localhost', 'root@localhost'],
  ['josé@bücher.example', 'josé@bücher.example'],
  ['Jose\u0301@example.test', 'jos\u00e9@example.test'],
  ["o'neil@example.org", "o'neil@example.org"],
];

const rejected: [string, RegExp][] = [
  ['', /enter an email/i],
  ['plainaddress', /needs a name, an @/],
  ['@example.com', /needs a name, an @/],
  ['user@', /needs a name, an @/],
  ['a..b@example.com', /before the @/],
  ['.a@example.com', /before the @/],
  ['us er@example.com', /before the @/],
  ['user@-bad.example', /domain/],
  ['user@exa_mple.com', /domain/],
  ['user@example..com', /domain/],
  [`${'x'.repeat(65)}@example.com`, /64 characters/],
];

describe('checkEmail', () => {
  it.each(accepted)('accepts %s', (input, normalized) => {
    expect(checkEmail(input)).toEqual({ ok: true, email: normalized });
  });
  it.each(rejected)('rejects %j with a reason', (input, reason) => {
    const r = checkEmail(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
  it('normalizes the same address typed two ways to one value', () => {
    expect(normalizeEmail('TEST@Gmail.Test')).toBe(normalizeEmail(' test@gmail.test'));
  });
});
