/**
 * Typed error codes: `<kind>:<subject>`. Each maps to an HTTP status and a
 * message a person can act on. Expected failures travel as values
 * (ActionResult); database details are logged, never shown.
 */
export const ERROR_STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  bad_request: 400,
  invalid: 422,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorKind = keyof typeof ERROR_STATUS;
export type ErrorCode = `${ErrorKind}` | `${ErrorKind}:${string}`;

export type ActionError = {
  code: ErrorCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
  /** Fresh state to show instead of the stale one (conflicts). */
  current?: unknown;
};

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { fieldErrors?: Record<string, string[]>; current?: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return httpStatusFor(this.code);
  }
  toActionError(): ActionError {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export function httpStatusFor(code: ErrorCode): number {
  const kind = code.split(':')[0] as ErrorKind;
  return ERROR_STATUS[kind] ?? 500;
}

export const forbidden = (what: string) =>
  new AppError(`forbidden:${what}`, `You are not allowed to ${what.replace(/[-:]/g, ' ')}.`);
export const notFound = (what: string) => new AppError(`not_found:${what}`, `No such ${what}.`);
