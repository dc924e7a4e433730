/**
 * Compiles the production entry (scripts/start.ts + server.ts and the few
 * lib modules they use) to dist/start.js. The server used to run through the
 * tsx loader, whose module-hook thread and on-the-fly transforms cost the
 * long-lived process memory for nothing (issue 16: RSS ≤ 250 MB). Packages
 * stay external: node_modules is loaded as it is, Next included.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [path.join(root, 'scripts', 'start.ts')],
  outfile: path.join(root, 'dist', 'start.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  tsconfig: path.join(root, 'tsconfig.json'),
  sourcemap: 'linked',
  logLevel: 'warning',
});
