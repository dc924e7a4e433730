import { test as base, expect, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';

export const PASSWORD = 'e2e-password-123';
/** Set by e2e/support/serve.sh; Prometheus would send it as a bearer token. */
export const METRICS_TOKEN = 'e2e-metrics-token-5f1c0a9b7d3e4f21';
export type E2ERole = 'admin' | 'commander' | 'responder' | 'viewer';
export const emailFor = (role: E2ERole) => `${role}@e2e.test`;

/** Fills and submits the login form without waiting for the outcome. */
export async function submitLogin(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in through the real form and waits until the console shows the user. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await submitLogin(page, email, password);
  await expect(page.getByTestId('current-user')).toContainText(email.trim().toLowerCase());
}

/**
 * The commander and a responder, each signed in in their own browser, both on
 * the incident's page: the two people most comms and approval stories need.
 */
export async function commanderAndResponderOn(browser: Browser, slug: string) {
  const commanderCtx = await browser.newContext();
  const responderCtx = await browser.newContext();
  const commander = await commanderCtx.newPage();
  const responder = await responderCtx.newPage();
  await signIn(commander, emailFor('commander'));
  await signIn(responder, emailFor('responder'));
  await commander.goto(`/incidents/${slug}`);
  await responder.goto(`/incidents/${slug}`);
  return {
    commander,
    responder,
    close: async () => {
      await commanderCtx.close();
      await responderCtx.close();
    },
  };
}

/**
 * Clicks "Create incident" on the import form. When the document matches an
 * open incident the form asks attach-or-create first; these callers want a
 * new incident either way.
 */
export async function createFromImportForm(page: Page) {
  await page.getByTestId('create-incident').click();
  const match = page.getByTestId('import-match');
  await expect(match.or(page.getByTestId('incident-title'))).toBeVisible({ timeout: 30_000 });
  if (await match.isVisible()) await match.getByRole('button', { name: 'Create a new incident' }).click();
  await expect(page.getByTestId('incident-title')).toBeVisible({ timeout: 30_000 });
}

export function dbPath(): string {
  return path.join(process.env.E2E_DATA_DIR!, 'warroom.db');
}

/** A read-only look at the real database the server writes. */
export function readDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(dbPath(), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * Every row of every table, summarised per table as `rows:sha256`, for
 * "nothing changed" assertions that print a readable difference.
 */
export function dbFingerprint(): Record<string, string> {
  return readDb((db) => {
    const tables = (
      db
        .prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
        .all() as { name: string }[]
    ).map((t) => t.name);
    return Object.fromEntries(
      tables.map((t) => {
        const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
        return [
          t,
          `${rows.length}:${crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`,
        ];
      }),
    );
  });
}

export const test = base.extend<{ signInAs: (role: E2ERole) => Promise<void> }>({
  signInAs: async ({ page }, use) => {
    await use(async (role) => {
      await signIn(page, emailFor(role));
    });
  },
});

export { expect };

/**
 * Imports the reference fixture through the real CLI into the e2e server's
 * database and returns the new incident's slug (each call: a fresh incident).
 */
/** The environment the real CLI needs to work on the e2e server's database. */
export function e2eCliEnv(): NodeJS.ProcessEnv {
  const dir = process.env.E2E_DATA_DIR!;
  return {
    ...process.env,
    WARROOM_DATA_DIR: dir,
    WARROOM_CONFIG_DIR: path.join(dir, 'config'),
    DATABASE_URL: `file:${path.join(dir, 'warroom.db')}`,
    WARROOM_LOG_LEVEL: 'silent',
  };
}

export function runE2eCli(args: string[]): string {
  return execFileSync('npm', ['run', '-s', 'warroom', '--', ...args], {
    cwd: path.join(__dirname, '..', '..'),
    env: e2eCliEnv(),
    encoding: 'utf8',
  });
}

export function importFixtureIncident(file = path.join(__dirname, '..', '..', 'fixtures', 'tms-rca.md')): string {
  return JSON.parse(runE2eCli(['import', file, '--json'])).slug as string;
}
