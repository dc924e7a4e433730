import { AppError } from '@/lib/errors';
import type { AuditRecord } from './types';

/**
 * A refusal that must itself be on record (a host whose key is not trusted,
 * a fingerprint that differs from the one confirmed). Thrown from
 * `authorize`, `prepare` or a handler; the wrapper commits `audit` in its own
 * transaction (the action's own transaction, if any, has rolled back) and
 * returns the error as the action's result.
 */
export class AuditedRefusal extends AppError {
  constructor(
    error: AppError,
    readonly audit: AuditRecord,
  ) {
    super(error.code, error.message, error.extra);
    this.name = 'AuditedRefusal';
  }
}
