import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { e2eCliEnv, expect, importFixtureIncident, readDb } from './fixtures';
import { actionOutcome, actionRef, callAction } from './actions';
import { startTestHosts, type TestHosts } from '../../tests/support/sshd';
import { defined } from '../../tests/support/defined';

/**
 * The pages the layout and accessibility checks visit: every page route in
 * the build's manifest (so a new page is covered the day it is added), each
 * dynamic segment filled with a real thing made through the product — an
 * imported incident with a public update, a host behind a real sshd, a run,
 * an approval request. A segment nobody knows how to fill fails the check
 * rather than skipping the page.
 */
const root = path.join(__dirname, '..', '..');

/** Next's own pages, not ours: the global error boundary and the built-in 404. */
const FRAMEWORK_PAGES = new Set(['/_global-error', '/_not-found']);

export type Fillers = Record<string, string>;

export function manifestPages(): string[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(root, '.next', 'app-path-routes-manifest.json'), 'utf8'),
  ) as Record<string, string>;
  return Object.entries(manifest)
    .filter(([file]) => file.endsWith('/page'))
    .map(([, route]) => route)
    .filter((route) => !FRAMEWORK_PAGES.has(route))
    .sort();
}

/** `/runs/[runId]` → `/runs/<id>`; throws naming the segment when no filler exists. */
export function fillRoute(route: string, fillers: Fillers): string {
  return route.replace(/\[([^\]]+)\]/g, (_, segment: string) => {
    const value = fillers[segment];
    if (value === undefined) {
      throw new Error(
        `${route}: no value for the dynamic segment [${segment}] — add one to the fillers in e2e/support/every-page.ts`,
      );
    }
    return encodeURIComponent(value);
  });
}

export const PUBLIC_PAGES = ['/login', '/status/[incidentSlug]'];

const TINY_RUN = `name: e2e-layout-echo
title: Layout check echo
description: Prints two lines; read-only. Gives the run page something to show.
destructive: false
steps:
  - id: echo
    name: Echo
    kind: run
    timeout: 10s
    run: printf 'hello from the layout check\\n%s\\n' "$(printf 'x%.0s' $(seq 1 240))"
`;

const TINY_DESTRUCTIVE = `name: e2e-layout-touch
title: Layout check touch
description: Touches a file in /tmp; destructive only so that it needs an approval.
destructive: true
steps:
  - id: touch
    name: Touch a marker
    kind: run
    timeout: 10s
    run: touch /tmp/warroom-layout-check-marker
`;

/** The CLI on the e2e server's database, with the secrets e2e/support/serve.sh gives the server. */
function cli(args: string[]): string {
  return execFileSync('npm', ['run', '-s', 'warroom', '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...e2eCliEnv(),
      AUTH_SECRET: process.env.AUTH_SECRET ?? 'e2e-auth-secret-0123456789abcdef0123456789',
      WARROOM_SECRET_KEY:
        process.env.WARROOM_SECRET_KEY ?? '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    },
  });
}

export interface World {
  fillers: Fillers;
  sshd: TestHosts;
  stop(): Promise<void>;
}

/**
 * Makes one of everything a dynamic segment needs. `commander` is a page
 * signed in as a commander (publishes the public update, requests the approval).
 */
export async function buildWorld(commander: Page, baseURL: string): Promise<World> {
  const slug = importFixtureIncident();
  await commander.goto(`/incidents/${slug}`);
  const body = commander.getByLabel('Status update', { exact: true });
  // Public starts from the public-safe template and is published after its preview (e2e/comms.spec.ts).
  await commander.getByLabel('public', { exact: true }).check();
  await body.fill('Layout check: the frontend answers again; next update in 15 minutes.');
  await commander.getByTestId('publish-update').click();
  await commander.getByTestId('confirm-public-update').click();
  await expect(commander.getByTestId('form-success')).toHaveText('Published (public).');

  const sshd = await startTestHosts(1);
  const host = 'e2e-layout-1';
  cli([...sshd.hostAddArgs(0, host), '--tags', 'e2e,layout']);
  const fingerprint = defined(sshd.host(0).hostKeyPin, 'the test host key');
  cli(['host', 'trust', host, '--fingerprint', fingerprint]);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-layout-'));
  for (const [file, text] of [
    ['echo.yaml', TINY_RUN],
    ['touch.yaml', TINY_DESTRUCTIVE],
  ] as const) {
    fs.writeFileSync(path.join(dir, file), text);
    cli(['playbook', 'save', path.join(dir, file)]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  cli(['playbook', 'run', 'e2e-layout-echo', '--host', host, '--incident', slug]);
  const runId = readDb(
    (db) => db.prepare(`SELECT id FROM "PlaybookRun" ORDER BY id DESC LIMIT 1`).get() as { id: number } | undefined,
  )?.id;

  const dry = JSON.parse(cli(['playbook', 'render', 'e2e-layout-touch', '--host', host, '--json'])) as {
    digest: string;
  };
  const requested = await callAction(
    commander.request,
    baseURL,
    actionRef('app/(console)/approvals/actions.ts', 'requestApproval'),
    [{ playbook: 'e2e-layout-touch', hosts: [host], params: {}, digest: dry.digest, incidentSlug: slug }],
  );
  expect(actionOutcome(requested.body), requested.body.slice(0, 300)).toEqual({ ok: true });
  const approvalId = readDb(
    (db) =>
      db.prepare(`SELECT id FROM "ApprovalRequest" ORDER BY "createdAt" DESC LIMIT 1`).get() as
        { id: string } | undefined,
  )?.id;

  return {
    fillers: {
      incidentSlug: slug,
      playbookName: 'e2e-layout-echo',
      runId: String(defined(runId, 'a run id')),
      approvalId: defined(approvalId, 'an approval id'),
    },
    sshd,
    stop: () => sshd.stop(),
  };
}

/**
 * Horizontal overflow of the document, and of any scroll container that
 * holds a control (a bar that hides actions off to the side). A <pre> of
 * code may scroll: that is reading, not acting.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    const describe = (el: Element) => {
      const testid = el.getAttribute('data-testid');
      const label = el.getAttribute('aria-label');
      return `${el.tagName.toLowerCase()}${testid ? `[data-testid=${testid}]` : ''}${label ? `[aria-label="${label}"]` : ''}.${[...el.classList].slice(0, 4).join('.')}`;
    };
    if (doc.scrollWidth > doc.clientWidth) {
      // Name the culprits: the innermost elements that reach past the right edge.
      const wide = [...document.querySelectorAll('body *')].filter(
        (el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && !el.closest('pre'),
      );
      const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
      problems.push(
        `document: scrollWidth ${doc.scrollWidth} > ${doc.clientWidth}, widened by ${innermost
          .slice(0, 3)
          .map(describe)
          .join(', ')}`,
      );
    }
    for (const el of document.querySelectorAll('body *')) {
      if (el.tagName === 'PRE' || el.closest('pre')) continue;
      const style = getComputedStyle(el);
      if (!['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      if (!el.querySelector('button, a[href], input, select, textarea, summary')) continue;
      if (el.getClientRects().length === 0) continue;
      problems.push(`${describe(el)}: scrollWidth ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return problems;
  });
}
