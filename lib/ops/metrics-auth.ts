import crypto from 'node:crypto';

export type MetricsAuth = 'ok' | 'missing' | 'wrong' | 'unconfigured';

/**
 * Checks `Authorization: Bearer <token>` against the configured token in
 * constant time (both sides hashed first, so their lengths never differ).
 */
export function checkMetricsAuth(header: string | null, token: string | null): MetricsAuth {
  if (!token) return 'unconfigured';
  const [, given] = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '') ?? [];
  if (given === undefined) return 'missing';
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b) ? 'ok' : 'wrong';
}
