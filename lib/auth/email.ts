/**
 * Email addresses: trimmed, Unicode-normalised (NFC), lowercased, and
 * accepted whenever they are syntactically valid. No TLD allow-list: the
 * TMS SSO outage (fixtures/tms-rca.md, Issue 2) was a validator rejecting
 * `test@gmail.test` as a "special-use or reserved name".
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

// RFC 5322 atext, plus any non-ASCII letter (RFC 6531 internationalised mail).
const ATEXT = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

export type EmailCheck = { ok: true; email: string } | { ok: false; reason: string };

export function checkEmail(raw: string): EmailCheck {
  const email = normalizeEmail(raw);
  if (!email) return { ok: false, reason: 'Enter an email address.' };
  if (email.length > 254) return { ok: false, reason: 'That email address is longer than 254 characters.' };
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1)
    return { ok: false, reason: 'An email address needs a name, an @ and a domain.' };
  const local = email.slice(0, at);
  const domain = email.slice(at + 1).replace(/\.$/, '');
  if (local.length > 64) return { ok: false, reason: 'The part before the @ is longer than 64 characters.' };
  if (!local.split('.').every((atom) => atom.length > 0 && ATEXT.test(atom))) {
    return { ok: false, reason: 'The part before the @ contains a character or dot that is not allowed.' };
  }
  const labels = domain.split('.');
  if (!labels.every((l) => LABEL.test(l))) {
    return { ok: false, reason: 'The domain after the @ is not a valid host name.' };
  }
  return { ok: true, email };
}
