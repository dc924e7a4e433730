import type { ActionError, ActionResult } from '@/lib/errors';
import { STORAGE_FAULT_MESSAGES } from '@/lib/db/storage-fault';
import { checkEmail } from './email';

export function parseLoginForm(
  form: FormData,
): ActionResult<{ email: string; password: string }> | ({ ok: false } & { error: ActionError }) {
  const rawEmail = String(form.get('email') ?? '');
  const password = String(form.get('password') ?? '');
  if (!rawEmail.trim() && !password) {
    return {
      ok: false,
      error: {
        code: 'invalid',
        message: 'Enter your email and password.',
        fieldErrors: { email: ['required'], password: ['required'] },
      },
    };
  }
  const email = checkEmail(rawEmail);
  if (!email.ok)
    return {
      ok: false,
      error: { code: 'invalid:email', message: email.reason, fieldErrors: { email: [email.reason] } },
    };
  if (!password)
    return {
      ok: false,
      error: { code: 'invalid:password', message: 'Enter your password.', fieldErrors: { password: ['required'] } },
    };
  if (password.length > 200)
    return { ok: false, error: { code: 'invalid:password', message: 'That password is too long.' } };
  return { ok: true, data: { email: email.email, password } };
}

export function loginErrorMessage(err: { type?: string; code?: string }): ActionError {
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('rate_limited')) {
    const seconds = Number(code.split(':')[1]) || 60;
    const minutes = Math.ceil(seconds / 60);
    const wait =
      seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
    return {
      code: 'rate_limited:sign-in',
      message: `Too many failed sign-ins for this account. Try again in ${wait}.`,
    };
  }
  if (code === 'unavailable:disk-full') return { code, message: STORAGE_FAULT_MESSAGES.disk_full };
  if (code === 'unavailable:database-read-only') return { code, message: STORAGE_FAULT_MESSAGES.read_only };
  if (code.startsWith('unavailable:')) return { code: 'unavailable:sign-in', message: STORAGE_FAULT_MESSAGES.locked };
  return { code: 'unauthenticated:sign-in', message: 'Wrong email or password, or the account is disabled.' };
}

/** Only same-site relative paths: never an open redirect. */
export function safeNextPath(value: FormDataEntryValue | null): string {
  const v = typeof value === 'string' ? value : '';
  return v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : '/incidents';
}
