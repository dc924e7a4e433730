import pino from 'pino';
import { getEnv } from '@/lib/env';

/**
 * Structured logs on stdout. Secrets are redacted by path as a second line
 * of defence; the first is never putting them in a log call.
 */
const globalForLog = globalThis as unknown as { __warroomLog?: pino.Logger };

export function logger(): pino.Logger {
  globalForLog.__warroomLog ??= pino({
    level: getEnv().WARROOM_LOG_LEVEL,
    base: { app: 'warroom' },
    redact: {
      paths: [
        'password',
        '*.password',
        'privateKey',
        '*.privateKey',
        'passphrase',
        '*.passphrase',
        'url',
        '*.webhookUrl',
        'token',
        '*.token',
        'headers.cookie',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
  return globalForLog.__warroomLog;
}
