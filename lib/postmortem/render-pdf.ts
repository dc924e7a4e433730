import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';

/** Why the PDF cannot be made here, or null when Chromium is installed. */
export function pdfUnavailableReason(): string | null {
  const exe = getEnv().CHROMIUM_PATH;
  try {
    fs.accessSync(exe, fs.constants.X_OK);
    return null;
  } catch {
    return `PDF export needs Chromium at ${exe}, which is not installed (apt-get install chromium, or set CHROMIUM_PATH).`;
  }
}

/**
 * The export's own HTML → PDF with the system Chromium. The page gets the
 * HTML through setContent: no URL of ours is loaded, no session cookie
 * exists, JavaScript is off and every request is refused, so a document
 * that slipped markup past the renderer still cannot run or call out.
 */
export async function renderPdf(html: string): Promise<Buffer> {
  const reason = pdfUnavailableReason();
  if (reason) throw new AppError('unavailable:pdf', reason);
  const browser = await chromium.launch({
    executablePath: getEnv().CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    timeout: 30_000,
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (r) => r.abort('blockedbyclient'));
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
