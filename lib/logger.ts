import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import pino from 'pino';
import { getEnv } from '@/lib/env';

/**
 * Structured JSON logs on stdout. Every line written while a request is
 * served carries its `reqId` (taken from nginx's X-Request-Id when it sent a
 * sane one, else generated), so one request's lines can be pulled out of a
 * busy journal. Background work names itself with `reqId: "task:<name>"`.
 *
 * Secrets are redacted by path as a second line of defence; the first is
 * never putting them in a log call (tests/integration/ops/log-secrets.test.ts
 * and e2e/zz-log-secrets.spec.ts grep whole runs for them).
 */
type RequestContext = { reqId: string };
const globalForLog = globalThis as unknown as {
  __warroomLog?: pino.Logger;
  __warroomRequestContext?: AsyncLocalStorage<RequestContext>;
};

function requestContext(): AsyncLocalStorage<RequestContext> {
  globalForLog.__warroomRequestContext ??= new AsyncLocalStorage<RequestContext>();
  return globalForLog.__warroomRequestContext;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** A caller-supplied id when it looks like one (no spaces, no control bytes), else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

export function withRequestId<T>(reqId: string, fn: () => T): T {
  return requestContext().run({ reqId }, fn);
}

export function currentRequestId(): string | undefined {
  return requestContext().getStore()?.reqId;
}

/**
 * Synchronous writes to fd 1. pino's default asynchronous destination flushes
 * synchronously on exit, and sonic-boom's flushSync retries a broken pipe for
 * ever: when whoever read our stdout is gone (journald restarted, a `| tee`
 * killed, a test runner that let go), SIGTERM never ended the process — it
 * spun in that loop, holding its memory, not listening, until SIGKILL. A
 * synchronous destination reports EPIPE as an error, which pino answers by
 * going quiet, and there is nothing left to flush at exit.
 * (e2e/server-lifecycle.spec.ts: "…after its log reader is gone".)
 */
function stdoutDestination() {
  return pino.destination({ dest: 1, sync: true });
}

export function logger(): pino.Logger {
  globalForLog.__warroomLog ??= pino(
    {
      level: getEnv().WARROOM_LOG_LEVEL,
      base: { app: 'warroom' },
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
      redact: {
        paths: [
          'password',
          '*.password',
          'privateKey',
          '*.privateKey',
          'passphrase',
          '*.passphrase',
          'url',
          '*.url',
          '*.webhookUrl',
          'token',
          '*.token',
          'headers.cookie',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    stdoutDestination(),
  );
  return globalForLog.__warroomLog;
}
