import type { RcaError } from '@/lib/rca/types';

/** "Line 14: …" when the parser knows where the problem is (browser-safe). */
export function describeRcaError(error: RcaError): string {
  return error.line ? `Line ${error.line}: ${error.message}` : error.message;
}
