import type { Page } from '@playwright/test';
import { test, expect, signIn, emailFor } from './support/fixtures';

/**
 * Dark mode follows prefers-color-scheme by default; the toggle (system /
 * light / dark) overrides it, survives a reload, and is in the server's HTML
 * — the page paints in the chosen theme with JavaScript off, so there is no
 * flash of the other one while scripts load.
 */
const DARK_BG = 'dark';
const LIGHT_BG = 'light';

/** The body's painted background, read back through a canvas (Tailwind 4 colours are lab(), not rgb()). */
const background = (page: Page) =>
  page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data;
    return (r + g + b) / 3 < 128 ? 'dark' : 'light';
  });

test('the theme follows the system until someone picks one, and the pick is remembered', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await signIn(page, emailFor('viewer'));
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');
  expect(await background(page)).toBe(DARK_BG);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background(page)).toBe(LIGHT_BG);

  // A fixed choice wins over the system's, at once and after a reload.
  await page.emulateMedia({ colorScheme: 'dark' });
  const toggle = page.getByLabel('Theme');
  await toggle.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background(page)).toBe(LIGHT_BG);
  await page.reload();
  await expect(page.getByLabel('Theme')).toHaveValue('light');
  expect(await background(page)).toBe(LIGHT_BG);

  await page.getByLabel('Theme').selectOption('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background(page)).toBe(DARK_BG);
  // The server writes the choice into the first byte of HTML.
  const html = await (await page.request.get('/incidents')).text();
  expect(html).toMatch(/<html[^>]* data-theme="dark"/);

  // No script needed to paint it: the same session with JavaScript off is dark from the start.
  const noScript = await browser.newContext({ colorScheme: 'light', javaScriptEnabled: false });
  await noScript.addCookies(await context.cookies());
  const still = await noScript.newPage();
  await still.goto('/incidents');
  expect(await background(still)).toBe(DARK_BG);
  await noScript.close();

  // Back to the system's choice: the cookie goes, the scheme decides again.
  await page.getByLabel('Theme').selectOption('system');
  expect((await context.cookies()).some((c) => c.name === 'warroom-theme')).toBe(false);
  expect(await background(page)).toBe(LIGHT_BG);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe(DARK_BG);
  await context.close();
});
