/**
 * `npm start`: build if needed, migrate, first admin, demo incident, serve.
 * The port is checked first so a busy port fails in a second, naming its
 * holder, instead of after a two-minute build.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findPortHolder, isPortFree, portBusyMessage } from '../lib/ops/port-holder';
import { listenHost } from '../lib/http/listen-host';
import { getEnv } from '../lib/env';

process.env.NEXT_TELEMETRY_DISABLED = '1';
(process.env as Record<string, string>).NODE_ENV = 'production';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.PORT ?? 3000);
// Shown in the URL only; where the server listens is lib/http/listen-host.ts.
const hostname = 'localhost';

function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p)) {
    if (e === 'node_modules' || e === 'generated' || e.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e)));
  }
  return newest;
}

function needsBuild(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ['app', 'lib', 'components', 'proxy.ts', 'next.config.mjs', 'package-lock.json', 'playbooks'];
  return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`warroom: \`${[cmd, ...args].join(' ')}\` failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

async function main() {
  // A refused listen address (plain HTTP on every interface) fails in a second, before build and migration.
  listenHost(getEnv());
  if (!(await isPortFree(port))) {
    console.error(portBusyMessage(port, findPortHolder(port)));
    process.exit(1);
  }
  if (needsBuild()) {
    console.log('warroom: building (first run or sources changed)…');
    run(process.execPath, [require.resolve('next/dist/bin/next'), 'build']);
  }
  run(process.execPath, [
    '--conditions=react-server',
    '--import',
    'tsx',
    path.join(root, 'bin', 'warroom.ts'),
    'prepare',
    '--startup',
  ]);
  const { startServer } = await import('../server');
  await startServer({ port, hostname });
}

main().catch((err) => {
  console.error(`warroom: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
