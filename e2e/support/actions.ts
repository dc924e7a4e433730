import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';

/**
 * Server actions called over HTTP exactly as the browser calls them: by the
 * action id the build's manifest assigns, with the Next-Action header.
 */
const root = path.join(__dirname, '..', '..');

export type ActionRef = { id: string; route: string };

export function actionManifest(): Map<string, ActionRef> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8'));
  const byName = new Map<string, ActionRef>();
  for (const [id, entry] of Object.entries<{
    filename: string;
    exportedName: string;
    workers: Record<string, unknown>;
  }>(manifest.node)) {
    const worker = Object.keys(entry.workers)[0];
    if (worker === undefined)
      throw new Error(`action ${entry.exportedName} of ${entry.filename}: no worker in the manifest`);
    const route =
      '/' +
      worker
        .replace(/^app\//, '')
        .replace(/\/page$/, '')
        .split('/')
        .filter((s) => !/^\(.*\)$/.test(s))
        .map((s) => (/^\[.*\]$/.test(s) ? 'no-such-thing' : s))
        .join('/');
    byName.set(`${entry.filename}#${entry.exportedName}`, { id, route });
  }
  return byName;
}

export function actionRef(file: string, name: string): ActionRef {
  const ref = actionManifest().get(`${file}#${name}`);
  if (!ref) throw new Error(`no action ${file}#${name} in the build manifest`);
  return ref;
}

/** Calls an action; returns the raw flight response text and status. */
export async function callAction(request: APIRequestContext, baseURL: string, ref: ActionRef, args: unknown[]) {
  const res = await request.post(ref.route, {
    headers: {
      'Next-Action': ref.id,
      Origin: baseURL,
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
    },
    data: JSON.stringify(args),
    failOnStatusCode: false,
    maxRedirects: 0,
  });
  return { status: res.status(), body: await res.text() };
}

/** The ActionResult inside a flight response: `{"ok":true…}` or `{"ok":false,"error":{"code":…}}`. */
export function actionOutcome(body: string): { ok: boolean; code?: string } {
  if (body.includes('"ok":true')) return { ok: true };
  const code = /"code":"([^"]+)"/.exec(body)?.[1];
  return { ok: false, code };
}
