/**
 * The production server: Next's request handler behind our own HTTP server,
 * so start-up and shutdown behave the way the fixture wished its service had:
 * a busy port is named (PID + command), never killed; SIGTERM stops
 * accepting, lets in-flight requests finish (≤ 25 s), closes the database
 * and exits 0.
 */
import http from 'node:http';
import next from 'next';
import { findPortHolder, portBusyMessage } from './lib/ops/port-holder';
import { routeMatcherFromBuild } from './lib/ops/route-template';
import { removePidFile, writePidFile } from './lib/ops/pid-file';
import { logger, requestIdFrom, withRequestId } from './lib/logger';
import { metrics, statusClass } from './lib/metrics';
import { getEnv } from './lib/env';
import { listenHost } from './lib/http/listen-host';
import { CLIENT_ADDRESS_HEADER, clientAddress, trustedProxyList } from './lib/http/client-address';

const GRACE_MS = 25_000;

type ShutdownHook = () => void | Promise<void>;
const g = globalThis as unknown as {
  __warroomShutdownHooks?: Set<ShutdownHook>;
  __warroomDb?: { client: { $disconnect(): Promise<void> } };
};

export async function startServer(opts: { port: number; hostname: string; dir?: string }): Promise<http.Server> {
  const dir = opts.dir ?? process.cwd();
  // Checked before Next loads: a refused address fails in a second, naming the setting.
  const host = listenHost(getEnv());
  const app = next({ dev: false, dir, hostname: opts.hostname, port: opts.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const routeOf = routeMatcherFromBuild(dir);
  const log = logger();
  const { httpDuration } = metrics();

  const env = getEnv();
  const trusted = trustedProxyList(env.trustedProxies);

  let inFlight = 0;
  let stopping = false;
  const server = http.createServer((req, res) => {
    // Internal Next header (CVE-2025-29927): never accepted from outside.
    if (req.headers['x-middleware-subrequest'] !== undefined) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: 'bad_request:internal-header', message: 'x-middleware-subrequest is not accepted' },
        }),
      );
      return;
    }
    // Who is calling, for the throttle and the audit log: X-Forwarded-For only from a trusted proxy.
    // Always overwritten, so a client cannot send its own.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
      req.socket.remoteAddress,
      [req.headers['x-forwarded-for']].flat().join(',') || undefined,
      trusted,
    );
    if (stopping) res.setHeader('connection', 'close');
    inFlight++;
    const reqId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', reqId);
    const started = process.hrtime.bigint();
    res.on('close', () => {
      inFlight--;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req.url ?? '/');
      const status = res.writableFinished ? res.statusCode : 499;
      const stream = String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');
      // A stream's duration is its connection lifetime, not a latency: it would swamp the p95.
      if (!stream)
        httpDuration.observe({ route, method: req.method ?? 'GET', status_class: statusClass(status) }, seconds);
      withRequestId(reqId, () =>
        log.info({ method: req.method, route, status, ms: Math.round(seconds * 1000) }, 'request'),
      );
    });
    // Next answers its own errors; a rejection here is a bug in the handler
    // itself. It must not become an unhandled rejection that kills the process.
    void withRequestId(reqId, () =>
      handle(req, res).catch((err: unknown) => {
        log.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'request handler failed');
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end();
        } else {
          res.destroy();
        }
      }),
    );
  });
  // Longer than any client or balancer idle timeout, so an idle keep-alive
  // socket is never closed by us just as a client reuses it (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        console.error(portBusyMessage(opts.port, findPortHolder(opts.port)));
        process.exit(1);
      }
      reject(err);
    });
    server.listen(host === '::' ? { port: opts.port, host, ipv6Only: false } : { port: opts.port, host }, resolve);
  });
  writePidFile(getEnv().dataDir);
  // Next builds request URLs from this server's own host and port, and Auth.js's endpoints (the SSO
  // callback, the credentials callback) redirect from them: behind a proxy only AUTH_URL gets them right.
  if (env.https && !env.AUTH_URL)
    log.warn(
      'warroom: WARROOM_HTTPS=1 without AUTH_URL: sign-in redirects and the SSO callback URL will name this server (localhost:<port>), not the public address; set AUTH_URL=https://<public host>',
    );
  log.info(
    { port: opts.port, pid: process.pid },
    `warroom: serving http://${opts.hostname}:${opts.port} (pid ${process.pid}) on ${host === '::' ? 'all interfaces' : host}`,
  );

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(
      { signal, inFlight },
      `warroom: ${signal}: no new connections; finishing ${inFlight} in-flight request(s)`,
    );
    server.close();
    server.closeIdleConnections();
    // Long-lived streams (SSE) end themselves on this hook, then clients reconnect elsewhere.
    for (const hook of g.__warroomShutdownHooks ?? []) await Promise.resolve(hook()).catch(() => {});
    const deadline = Date.now() + GRACE_MS;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (inFlight > 0)
      log.error({ inFlight }, `warroom: ${inFlight} request(s) still running after ${GRACE_MS / 1000}s; closing them`);
    server.closeAllConnections();
    await g.__warroomDb?.client.$disconnect().catch(() => {});
    removePidFile(getEnv().dataDir);
    log.info('warroom: stopped cleanly');
    // pino writes stdout asynchronously: flush before exiting so the last lines reach the journal.
    log.flush(() => process.exit(0));
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return server;
}
