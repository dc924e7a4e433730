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

const GRACE_MS = 25_000;

type ShutdownHook = () => void | Promise<void>;
const g = globalThis as unknown as {
  __warroomShutdownHooks?: Set<ShutdownHook>;
  __warroomDb?: { client: { $disconnect(): Promise<void> } };
};

export async function startServer(opts: { port: number; hostname: string; dir?: string }): Promise<http.Server> {
  const app = next({ dev: false, dir: opts.dir ?? process.cwd(), hostname: opts.hostname, port: opts.port });
  const handle = app.getRequestHandler();
  await app.prepare();

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
    if (stopping) res.setHeader('connection', 'close');
    inFlight++;
    res.on('close', () => inFlight--);
    // Next answers its own errors; a rejection here is a bug in the handler
    // itself. It must not become an unhandled rejection that kills the process.
    handle(req, res).catch((err: unknown) => {
      console.error(`warroom: request handler failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else {
        res.destroy();
      }
    });
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
    server.listen({ port: opts.port, host: '::', ipv6Only: false }, resolve);
  });
  console.log(`warroom: serving http://${opts.hostname}:${opts.port} (pid ${process.pid})`);

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`warroom: ${signal}: no new connections; finishing ${inFlight} in-flight request(s)`);
    server.close();
    server.closeIdleConnections();
    // Long-lived streams (SSE) end themselves on this hook, then clients reconnect elsewhere.
    for (const hook of g.__warroomShutdownHooks ?? []) await Promise.resolve(hook()).catch(() => {});
    const deadline = Date.now() + GRACE_MS;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (inFlight > 0)
      console.error(`warroom: ${inFlight} request(s) still running after ${GRACE_MS / 1000}s; closing them`);
    server.closeAllConnections();
    await g.__warroomDb?.client.$disconnect().catch(() => {});
    console.log('warroom: stopped cleanly');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return server;
}
