import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './built-server';

/**
 * A real Debian nginx in front of the e2e app, configured with the very
 * file deploy/ ships (deploy/nginx/warroom.conf, or warroom-tls.conf with a
 * test certificate; rendered with the test's ports), run in the foreground
 * with its own prefix, pid file, logs and temp dirs, and stopped by the PID
 * we started — never by name.
 */
const NGINX = '/usr/sbin/nginx';
const DEPLOY = path.join(__dirname, '..', '..', 'deploy', 'nginx');

// e2e/security/https.spec.ts takes its ports from here.
export { freePort };

/** The shipped site config with the test's values; each line it rewrites must be there exactly once. */
export function renderSiteConfig(shipped: string, swaps: [string, string][]): string {
  const lines = shipped.split('\n');
  for (const [from, to] of swaps) {
    const at = lines.flatMap((l, i) => (l.trim() === from ? [i] : []));
    const [only] = at;
    if (at.length !== 1 || only === undefined) {
      throw new Error(`deploy/nginx: expected the line "${from}" once, found it ${at.length} times`);
    }
    lines[only] = lines[only]!.replace(from, to);
  }
  return lines.join('\n');
}

/** TLS with a certificate the test made (e2e/support/test-ca.ts): nginx serves https://localhost:<port>. */
export type NginxTls = { certFile: string; keyFile: string; caPem: string };

export type Nginx = {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it if running and removes its directory (config, logs, temp files). */
  dispose(): Promise<void>;
  pid(): number | null;
  errorLog(): string;
};

export async function setUpNginx(upstreamPort: number, tls?: NginxTls): Promise<Nginx & { httpUrl: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-nginx-'));
  const port = await freePort();
  const httpPort = tls ? await freePort() : port;
  const rel = (name: string) => path.join(dir, name);
  const upstream: [string, string] = ['server 127.0.0.1:3000;', `server 127.0.0.1:${upstreamPort};`];
  const plainListen: [string, string] = ['listen 80;', `listen 127.0.0.1:${httpPort};`];
  fs.writeFileSync(
    rel('warroom.conf'),
    tls
      ? renderSiteConfig(fs.readFileSync(path.join(DEPLOY, 'warroom-tls.conf'), 'utf8'), [
          upstream,
          plainListen,
          ['listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`],
          ['ssl_certificate /etc/ssl/warroom/fullchain.pem;', `ssl_certificate ${tls.certFile};`],
          ['ssl_certificate_key /etc/ssl/warroom/privkey.pem;', `ssl_certificate_key ${tls.keyFile};`],
        ])
      : renderSiteConfig(fs.readFileSync(path.join(DEPLOY, 'warroom.conf'), 'utf8'), [upstream, plainListen]),
  );
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(rel(d));
  fs.writeFileSync(
    rel('nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${rel('nginx.pid')};`,
      `error_log ${rel('error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${rel('access.log')};`,
      `  client_body_temp_path ${rel('client_body')};`,
      `  proxy_temp_path ${rel('proxy')};`,
      `  fastcgi_temp_path ${rel('fastcgi')};`,
      `  uwsgi_temp_path ${rel('uwsgi')};`,
      `  scgi_temp_path ${rel('scgi')};`,
      `  include ${rel('warroom.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const url = tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;
  // Over TLS the probe trusts the test CA only: a certificate nginx did not serve from the test's files fails it.
  const healthy = (): Promise<boolean> =>
    tls
      ? new Promise((resolve) =>
          https
            .get(`${url}/api/health`, { ca: tls.caPem }, (res) => {
              res.resume();
              resolve(res.statusCode === 200);
            })
            .on('error', () => resolve(false)),
        )
      : fetch(`${url}/api/health`)
          .then((r) => r.ok)
          .catch(() => false);
  let proc: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const nginx: Nginx & { httpUrl: string } = {
    url,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    pid: () => proc?.pid ?? null,
    errorLog: () => (fs.existsSync(rel('error.log')) ? fs.readFileSync(rel('error.log'), 'utf8') : ''),
    async start() {
      if (proc) throw new Error('nginx is already running');
      // -e: the error log before the config is read (else nginx writes to /var/log/nginx at start-up).
      const child = spawn(NGINX, ['-p', dir, '-e', rel('error.log'), '-c', rel('nginx.conf')], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      proc = child;
      exited = new Promise((resolve) => child.once('exit', () => resolve()));
      const deadline = Date.now() + 15_000;
      while (true) {
        if (child.exitCode !== null) throw new Error(`nginx exited at start-up:\n${nginx.errorLog()}`);
        if (await healthy()) break;
        if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url}:\n${nginx.errorLog()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const written = Number(fs.readFileSync(rel('nginx.pid'), 'utf8').trim());
      if (written !== child.pid) throw new Error(`nginx wrote pid ${written}, we started ${child.pid}`);
    },
    async stop() {
      if (!proc?.pid) return;
      // SIGTERM to the master we spawned: a fast shutdown that drops every open connection, as a restart does.
      process.kill(proc.pid, 'SIGTERM');
      await exited;
      proc = null;
    },
    async dispose() {
      await nginx.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return nginx;
}
