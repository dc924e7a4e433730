import fs from 'node:fs';
import path from 'node:path';

/**
 * A server action called over HTTP the way the browser calls it: a POST to
 * the page that renders the form, with the action's id in `Next-Action` and
 * its arguments encoded as React encodes plain values (JSON). So a bench
 * measures the running server — its memory settings, its bundle, its
 * request handling — not a copy of the code in the bench's own process.
 */

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** The id `next build` gave the action exported as `exportedName` from `file` (relative to the root). */
export function serverActionId(root: string, file: string, exportedName: string): string {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(root, '.next', 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as Manifest;
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${file} in the build (rebuild?)`);
  return found[0];
}

/**
 * POSTs the action and returns the response body (React's flight format).
 * `Origin` must name the server itself: Next refuses cross-origin actions.
 */
export async function callServerAction(
  base: string,
  pagePath: string,
  actionId: string,
  args: unknown[],
  cookie: string,
): Promise<string> {
  const res = await fetch(`${base}${pagePath}`, {
    method: 'POST',
    headers: {
      'next-action': actionId,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: base,
      cookie,
    },
    body: JSON.stringify(args),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`server action ${pagePath}: HTTP ${res.status} ${body.slice(0, 300)}`);
  return body;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}
