import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { test, expect, signIn, emailFor, type E2ERole } from './support/fixtures';
import {
  PUBLIC_PAGES,
  buildWorld,
  fillRoute,
  horizontalOverflow,
  manifestPages,
  type World,
} from './support/every-page';

/**
 * Every page of the build, at a phone's width and through axe-core: no
 * sideways scrolling at 390 px (neither the page nor a bar that hides
 * actions), tap targets a thumb can hit on the incident page, and zero
 * serious or critical accessibility violations for each role that can see a
 * page, in light and in dark, plus the two pages a signed-out visitor sees.
 */
test.describe.configure({ mode: 'serial' });

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
const ROLES: E2ERole[] = ['admin', 'commander', 'responder', 'viewer'];

let world: World;
let routes: string[];

async function signedIn(browser: Browser, role: E2ERole, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, emailFor(role));
  return { context, page };
}

/** Opens a page; false when this role may not see it (403 / 404 from the page itself). */
async function open(page: Page, url: string): Promise<boolean> {
  const res = await page.goto(url, { waitUntil: 'load' });
  const status = res?.status() ?? 0;
  if (status === 403 || status === 404) return false;
  expect(status, `${url} answered ${status}`).toBeLessThan(400);
  return true;
}

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const { context, page } = await signedIn(browser, 'commander');
  world = await buildWorld(page, baseURL!);
  await context.close();
  routes = manifestPages();
});

test.afterAll(async () => {
  await world?.stop();
});

test('the page list is the build manifest, and every dynamic segment of it has a real value', () => {
  expect(routes).toEqual(
    expect.arrayContaining(['/incidents', '/incidents/[incidentSlug]', '/runs/[runId]', '/login']),
  );
  // Throws naming the route and segment when a new page has a segment nobody fills.
  for (const route of routes) expect(fillRoute(route, world.fillers)).not.toMatch(/\[|\]/);
  expect(() => fillRoute('/widgets/[widgetId]', world.fillers)).toThrow(/\[widgetId\]/);
});

test('at 390 px no page scrolls sideways, nor any bar that holds actions, menu closed or open', async ({ browser }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  const check = async (page: Page, label: string) => {
    for (const p of await horizontalOverflow(page)) problems.push(`${label}: ${p}`);
  };
  const { context, page } = await signedIn(browser, 'admin', PHONE);
  for (const route of routes.filter((r) => !PUBLIC_PAGES.includes(r))) {
    const url = fillRoute(route, world.fillers);
    expect(await open(page, url), `${url} is visible to an admin`).toBe(true);
    await check(page, url);
  }
  // The menu, open, on the widest page: every nav entry and Sign out fit.
  await page.goto('/incidents');
  const toggle = page.getByRole('button', { name: 'Menu' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  for (const name of ['Incidents', 'Playbooks', 'Runs', 'Hosts', 'Audit', 'Admin', 'Approvals']) {
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name })).toBeInViewport();
  }
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport();
  await check(page, '/incidents (menu open)');
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toBeFocused();
  await context.close();

  const anonymous = await browser.newContext(PHONE);
  const visitor = await anonymous.newPage();
  for (const route of PUBLIC_PAGES) {
    const url = fillRoute(route, world.fillers);
    expect(await open(visitor, url)).toBe(true);
    await check(visitor, `${url} (signed out)`);
  }
  await anonymous.close();
  expect(problems).toEqual([]);
});

test('the incident page on a phone: header controls wrap, one tap to the composer, thumb-sized targets', async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, 'commander', PHONE);
  await page.goto(`/incidents/${world.fillers.incidentSlug}`);
  // README's phone screenshot: `WARROOM_SCREENSHOT_DIR=docs/images npx playwright test e2e/every-page.spec.ts`.
  if (process.env.WARROOM_SCREENSHOT_DIR) {
    await page.screenshot({ path: path.join(process.env.WARROOM_SCREENSHOT_DIR, 'incident-phone.png') });
  }
  const move = page.getByRole('button', { name: /^Move to / });
  await move.scrollIntoViewIfNeeded();
  await expect(move).toBeInViewport({ ratio: 1 });
  for (const status of ['investigating', 'identified', 'mitigating', 'monitoring', 'resolved']) {
    const button = page.getByRole('group', { name: 'Status' }).getByRole('button', { name: status, exact: true });
    // Not clipped: the whole word is rendered inside the button's own box.
    expect(await button.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    await expect(button).toBeInViewport({ ratio: 1 });
  }

  // The jump bar stays on screen and takes you to the status-update composer in one tap.
  const jump = page.getByRole('navigation', { name: 'Jump to' });
  await page.mouse.wheel(0, 4000);
  await expect(jump).toBeInViewport();
  for (const name of ['Checklists', 'Comms', 'Timeline', 'Runs'])
    await expect(jump.getByRole('link', { name })).toBeVisible();
  await jump.getByRole('link', { name: 'Comms' }).tap();
  await expect(page.getByLabel('Status update', { exact: true })).toBeInViewport();
  await jump.getByRole('link', { name: 'Timeline' }).tap();
  await expect(page.getByRole('heading', { name: 'Timeline', exact: true })).toBeInViewport();

  const small = await page.evaluate(() => {
    const out: string[] = [];
    const name = (el: Element) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40);
    for (const el of document.querySelectorAll('main button, header button, main summary')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.width < 44 || r.height < 44) out.push(`${el.tagName.toLowerCase()} "${name(el)}" ${r.width}×${r.height}`);
    }
    for (const el of document.querySelectorAll('main input[type=checkbox]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.width < 24 || r.height < 24) out.push(`checkbox "${name(el)}" drawn ${r.width}×${r.height}`);
      const hit = (el.closest('label') ?? el).getBoundingClientRect();
      if (hit.height < 44 || hit.width < 44) out.push(`checkbox "${name(el)}" hit area ${hit.width}×${hit.height}`);
    }
    return out;
  });
  expect(small).toEqual([]);
  await context.close();
});

type Violation = { page: string; id: string; impact: string; nodes: string[] };

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** The rules a colour scheme can change: run again in dark, the rest (structure, names, roles) once. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

async function axeViolations(page: Page, label: string, rules?: string[]): Promise<Violation[]> {
  const builder = new AxeBuilder({ page })
    // Violations only: collecting every pass and "incomplete" node is most of axe's time on a 61-item page.
    .options({ resultTypes: ['violations'] });
  const result = await (rules ? builder.withRules(rules) : builder.withTags(WCAG_AA)).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: label,
      id: v.id,
      impact: v.impact ?? '',
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
    }));
}

/** Light with every WCAG A/AA rule, then dark with the colour rules (the theme follows prefers-color-scheme). */
async function axeBothSchemes(page: Page, label: string): Promise<Violation[]> {
  await scheme(page, 'light');
  const light = await axeViolations(page, `${label} (light)`);
  await scheme(page, 'dark');
  const dark = await axeViolations(page, `${label} (dark)`, COLOUR_RULES);
  await scheme(page, 'light');
  return [...light, ...dark];
}

/** Switches the scheme and finishes the colour transitions it starts, so axe reads final colours, not a blend. */
async function scheme(page: Page, colorScheme: 'light' | 'dark') {
  await page.emulateMedia({ colorScheme });
  await page.evaluate(() => {
    for (const a of document.getAnimations()) if (a instanceof CSSTransition) a.finish();
  });
}

const axeSeen = new Set<string>();

for (const role of ROLES) {
  test(`axe-core as ${role}: zero serious or critical violations on every page they may see, light and dark`, async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    const violations: Violation[] = [];
    const { context, page } = await signedIn(browser, role);
    const checked = new Set<string>();
    for (const route of routes.filter((r) => !PUBLIC_PAGES.includes(r))) {
      const url = fillRoute(route, world.fillers);
      if (!(await open(page, url))) continue;
      axeSeen.add(route);
      // `/` lands on /incidents: the same page is not checked twice.
      const landed = new URL(page.url()).pathname;
      if (checked.has(landed)) continue;
      checked.add(landed);
      violations.push(...(await axeBothSchemes(page, `${url} as ${role}`)));
    }
    await context.close();
    expect(violations).toEqual([]);
  });
}

test('axe-core signed out: the login page and the public status page, light and dark', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations: Violation[] = [];
  for (const route of PUBLIC_PAGES) {
    const url = fillRoute(route, world.fillers);
    expect(await open(page, url)).toBe(true);
    axeSeen.add(route);
    violations.push(...(await axeBothSchemes(page, `${url} signed out`)));
  }
  await context.close();
  expect(violations).toEqual([]);
  // Every page of the manifest was checked by someone (an admin sees them all).
  expect([...axeSeen].sort()).toEqual(routes);
});
