import fs from 'node:fs';
import path from 'node:path';
import { test, expect, signIn, emailFor, dbFingerprint, createFromImportForm } from './support/fixtures';

const fixture = path.join(__dirname, '..', 'fixtures', 'tms-rca.md');

test.describe('importing an RCA document', () => {
  test('the fixture imported through the browser shows every section with the right counts', async ({ page }) => {
    await signIn(page, emailFor('commander'));
    await page.goto('/incidents/import');
    await page.getByLabel('Markdown file').setInputFiles(fixture);
    await expect(page.getByTestId('preview-title')).toHaveText('TMS Critical Issues - Root Cause Analysis & Fix Plan');
    await expect(page.getByTestId('count-findings')).toHaveText('3');
    await expect(page.getByTestId('count-fixes')).toHaveText('8');
    await expect(page.getByTestId('count-checklist-items')).toHaveText('61');
    await expect(page.getByTestId('count-checklist-groups')).toHaveText('12');
    await expect(page.getByTestId('count-cadences')).toHaveText('1');
    await createFromImportForm(page);
    await expect(page).toHaveURL(/\/incidents\/tms-critical-issues-root-cause-analysis-fix-plan(-\d+)?$/);

    // CRITICAL in the document is SEV1 on the incident's one scale.
    await expect(page.getByTestId('incident-severity')).toHaveText('SEV1');
    await expect(page.getByTestId('incident-status')).toHaveText('investigating');
    await expect(page.getByTestId('finding')).toHaveCount(3);
    await expect(page.getByTestId('fix')).toHaveCount(8);
    await expect(page.getByTestId('phase-immediate').getByTestId('fix')).toHaveCount(2);
    await expect(page.getByTestId('phase-medium').getByTestId('fix')).toHaveCount(3);
    await expect(page.getByTestId('phase-long').getByTestId('fix')).toHaveCount(3);
    await expect(page.getByTestId('checklist-item')).toHaveCount(61);
    await expect(page.getByTestId('checklist-group')).toHaveCount(12);
    const groupsPerKind = { deployment: [4, 10, 5, 6], testing: [3, 4, 7], success: [6, 4, 5], communication: [3, 4] };
    for (const [kind, sizes] of Object.entries(groupsPerKind)) {
      const groups = page.getByTestId(`checklist-${kind}`).getByTestId('checklist-group');
      await expect(groups).toHaveCount(sizes.length);
      for (const [i, n] of sizes.entries()) await expect(groups.nth(i).getByTestId('checklist-item')).toHaveCount(n);
    }
    await expect(page.getByTestId('cadence')).toHaveCount(1);
    await expect(page.getByTestId('cadence')).toContainText('every 15 min');
    await expect(page.getByTestId('rollback-step')).toHaveCount(3);
    await expect(page.getByTestId('estimated-timeline-row')).toHaveCount(3);
    await expect(page.getByTestId('timeline-event').first()).toContainText('Imported');
    // Scripts are kept verbatim, highlighted, with a copy button.
    await page.getByTestId('phase-immediate').getByTestId('fix').first().locator('summary').click();
    await expect(page.getByTestId('phase-immediate').getByTestId('code-block').first()).toContainText(
      'kill -9 264587 264588',
    );
    await expect(
      page.getByTestId('phase-immediate').getByRole('button', { name: 'Copy to clipboard' }).first(),
    ).toBeVisible();
  });

  test('a post-mortem (warroom export format) shows its action items, lessons and timeline, backdated and marked imported', async ({
    page,
  }) => {
    const postMortem = path.join(__dirname, '..', 'fixtures', 'postmortems', 'warroom-export.md');
    await signIn(page, emailFor('commander'));
    await page.goto('/incidents/import');
    await page.getByLabel('Markdown file').setInputFiles(postMortem);
    await expect(page.getByTestId('preview-title')).toHaveText('TMS frontend down and SSO logins failing');
    await expect(page.getByTestId('count-timeline-events')).toHaveText('4');
    await expect(page.getByTestId('count-action-items')).toHaveText('3');
    await expect(page.getByTestId('count-lessons')).toHaveText('4');
    await page.getByTestId('create-incident').click();
    await expect(page).toHaveURL(/\/incidents\/tms-frontend-down-and-sso-logins-failing(-\d+)?$/);

    await expect(page.getByTestId('incident-severity')).toHaveText('SEV1');
    await expect(page.getByTestId('action-item')).toHaveCount(3);
    await expect(page.getByTestId('action-item').first()).toContainText('owner ana@example.com');
    await expect(page.getByTestId('action-item').nth(1)).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('section-lessons')).toContainText('Nobody was paged for 12 failed restarts.');
    await expect(page.getByTestId('document-event')).toHaveCount(4);
    const imported = page.locator('[data-testid="timeline-event"][data-kind="imported"]');
    await expect(imported).toHaveCount(4);
    await expect(imported.last()).toContainText('Frontend health check fails; 503s reported');
    await expect(imported.last()).toContainText('imported from the document (“2026-01-12 05:54:07 UTC”)');
  });

  test('status, severity and backdated notes land on the timeline; durations follow', async ({ page }) => {
    await signIn(page, emailFor('commander'));
    await page.goto('/incidents');
    await page.getByRole('link', { name: 'TMS Critical Issues - Root Cause Analysis & Fix Plan' }).first().click();
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'identified', exact: true }).click();
    await expect(page.getByTestId('incident-status')).toHaveText('identified');
    await expect(
      page.getByTestId('timeline-event').filter({ hasText: 'Status investigating → identified' }),
    ).toHaveCount(1);
    await page.getByLabel('Severity').selectOption('SEV2');
    await expect(page.getByTestId('incident-severity')).toHaveText('SEV2');
    await page.getByLabel('Note', { exact: true }).fill('Frontend down: stale next-server holds :3000');
    await page.getByLabel('When (optional)').fill('2026-01-08 13:54:07 CST');
    await page.getByLabel('impact began').check();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const note = page.getByTestId('timeline-event').filter({ hasText: 'stale next-server' });
    await expect(note).toHaveCount(1);
    await expect(note.locator('time')).toHaveAttribute('datetime', '2026-01-08T05:54:07.000Z');
    await expect(note.locator('time')).toHaveAttribute('title', /entered as CST \(UTC\+08:00\)/);
    await expect(page.getByTestId('ttd')).not.toHaveText('—');
    await page.getByLabel('When (optional)').fill('yesterday-ish');
    await page.getByLabel('Note', { exact: true }).fill('unparseable');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByTestId('form-error')).toContainText('Could not read the time "yesterday-ish"');
  });

  test('bad documents get a clear reason and nothing is stored', async ({ page }, testInfo) => {
    await signIn(page, emailFor('commander'));
    const before = dbFingerprint();
    await page.goto('/incidents/import');
    await expect(page.getByTestId('create-incident')).toBeDisabled();

    const big = testInfo.outputPath('big.md');
    fs.writeFileSync(big, '# Big\n\n' + 'x'.repeat(5 * 1024 * 1024));
    await page.getByLabel('Markdown file').setInputFiles(big);
    await expect(page.getByTestId('import-error')).toContainText('is 5.0 MiB; the limit is 1 MiB');
    await expect(page.getByTestId('create-incident')).toBeDisabled();

    const bin = testInfo.outputPath('core.bin');
    fs.writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0xff, 0xfe]));
    await page.getByLabel('Markdown file').setInputFiles(bin);
    await expect(page.getByTestId('import-error')).toContainText(/binary/i);

    await page.getByLabel('Markdown', { exact: true }).fill('# Plan\n\n## Fix\n\n```bash\nkill -9 1\n');
    await expect(page.getByTestId('import-error')).toContainText(/Line 5: .*(fence|code block)/i);

    await page.getByLabel('Markdown', { exact: true }).fill('just some words, no headings at all');
    await expect(page.getByTestId('import-error')).toBeVisible();
    expect(dbFingerprint()).toEqual(before);
  });

  test('raw HTML and javascript: links in a document stay inert', async ({ page }) => {
    await signIn(page, emailFor('commander'));
    await page.goto('/incidents/import');
    await page
      .getByLabel('Markdown', { exact: true })
      .fill(
        [
          '# XSS drill <img src=x onerror="window.__pwned=1">',
          '',
          '## Executive Summary',
          '<script>window.__pwned = 2</script> and a [link](javascript:window.__pwned=3).',
          '',
          '## Issues Discovered',
          '### Issue 1: <b>bold</b> title',
          '**Severity**: HIGH',
          '',
          '## Deployment Checklist',
          '- [ ] <script>window.__pwned=4</script>',
        ].join('\n'),
      );
    await createFromImportForm(page);
    await expect(page.getByTestId('incident-title')).toContainText('XSS drill');
    await page.getByText('Executive summary').click();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    await expect(page.getByTestId('checklist-item')).toContainText('<script>window.__pwned=4</script>');
  });

  test('viewers read the incident but get no controls or import button', async ({ page }) => {
    await signIn(page, emailFor('viewer'));
    await page.goto('/incidents');
    await expect(page.getByRole('link', { name: 'Import RCA / fix plan' })).toHaveCount(0);
    await page.getByRole('link', { name: 'TMS Critical Issues - Root Cause Analysis & Fix Plan' }).first().click();
    await expect(page.getByTestId('checklist-item')).toHaveCount(61);
    await expect(page.getByRole('group', { name: 'Status' })).toHaveCount(0);
    await expect(page.getByLabel('Note', { exact: true })).toHaveCount(0);
    // A forbidden area says so (403, naming the role); a missing incident stays not-found.
    const res = await page.goto('/incidents/import');
    expect(res?.status()).toBe(403);
    await expect(page.getByTestId('forbidden-area')).toHaveText(/Your role \(viewer\) cannot open Import/);
    expect((await page.goto('/incidents/no-such-incident'))?.status()).toBe(404);
  });
});
