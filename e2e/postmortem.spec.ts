import fs from 'node:fs';
import { test, expect, signIn, emailFor, readDb, createFromImportForm } from './support/fixtures';

/** The incident serve.sh seeds from fixtures/tms-rca.md. */
const DEMO = 'tms-critical-issues-root-cause-analysis-fix-plan';

type ItemRow = { checklist: string; grp: string; text: string; done: number };

function checklistStates(slug: string): ItemRow[] {
  return readDb(
    (db) =>
      db
        .prepare(
          `SELECT c.title AS checklist, g.title AS grp, i.text, i.done FROM "ChecklistItem" i
           JOIN "ChecklistGroup" g ON g.id = i.groupId JOIN "Checklist" c ON c.id = g.checklistId
           JOIN "Incident" n ON n.id = c.incidentId WHERE n.slug = ? ORDER BY c.position, g.position, i.position`,
        )
        .all(slug) as ItemRow[],
  );
}

function actionItems(slug: string) {
  return readDb((db) =>
    db
      .prepare(
        `SELECT a.text, a.done, a.owner, a.due, a.link FROM "ActionItem" a JOIN "Incident" n ON n.id = a.incidentId
         WHERE n.slug = ? ORDER BY a.position`,
      )
      .all(slug),
  );
}

function timelineSummaries(slug: string): string[] {
  return readDb((db) =>
    (
      db
        .prepare(
          `SELECT e.summary FROM "TimelineEvent" e JOIN "Incident" n ON n.id = e.incidentId WHERE n.slug = ? ORDER BY e.at`,
        )
        .all(slug) as { summary: string }[]
    ).map((r) => r.summary),
  );
}

test('resolve the demo incident, write its post-mortem, download the Markdown and import it back', async ({
  page,
}, testInfo) => {
  await signIn(page, emailFor('commander'));
  await page.goto(`/incidents/${DEMO}`);

  // Work it a little: tick two open items, add a note, resolve.
  const open = page.locator('[data-testid="checklist-item"][data-done="false"]');
  for (let i = 0; i < 2; i++) {
    const before = await open.count();
    await open.first().getByRole('checkbox').check();
    await expect(open).toHaveCount(before - 1);
  }
  const note = `Port 3000 freed by killing next-server (${testInfo.testId.slice(0, 8)})`;
  await page.getByRole('textbox', { name: 'Note' }).fill(note);
  await page.getByRole('form', { name: 'Add a timeline note' }).getByRole('button', { name: 'Add' }).click();
  await expect(page.getByTestId('timeline-event').filter({ hasText: note })).toHaveCount(1);
  const status = page.getByRole('group', { name: 'Status' });
  if ((await page.getByTestId('incident-status').textContent()) !== 'resolved') {
    await status.getByRole('button', { name: 'resolved', exact: true }).click();
    // Resolving with items still open asks once more, naming what is left.
    await page.getByTestId('confirm-resolve').getByRole('button', { name: 'Resolve anyway' }).click();
    await expect(page.getByTestId('incident-status')).toHaveText('resolved');
  }

  await page.getByRole('link', { name: 'Post-mortem →' }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${DEMO}/postmortem$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Post-mortem: TMS Critical Issues');
  await expect(page.getByTestId('pm-status')).toHaveText('resolved');
  await expect(page.getByTestId('pm-time-resolved')).not.toHaveText('—');
  await expect(page.getByTestId('pm-key-event').filter({ hasText: '→ resolved' }).first()).toBeVisible();
  await expect(page.getByTestId('pm-chart').locator('svg [data-status="resolved"]')).toHaveCount(1);

  // Edit a narrative section.
  const wentWell = page.getByTestId('narrative-wentWell');
  await wentWell
    .getByLabel('What went well')
    .fill('Clear roles from the first minute\nThe zombie PID was in the evidence');
  await wentWell.getByRole('button', { name: 'Save' }).click();
  await expect(wentWell.getByTestId('form-success')).toHaveText('Saved.');
  await expect(wentWell.getByTestId('narrative-wentWell-editor')).toContainText('Last edited by');

  // Promote a long-term fix to an action item with owner, due date and link.
  const fixes = page.getByTestId('pm-fixes');
  await fixes.getByRole('button', { name: 'Promote to action item' }).first().click();
  const promote = fixes.getByRole('form').first();
  await promote.getByLabel('Owner').fill('ops@e2e.test');
  await promote.getByLabel('Due date').fill('2026-01-20');
  await promote.getByLabel('Link').fill('https://tracker.example.test/OPS-7');
  await promote.getByRole('button', { name: 'Promote' }).click();
  await expect(page.getByTestId('action-item').filter({ hasText: 'ops@e2e.test' })).toHaveCount(1);

  // Printed ("Save as PDF"), the page drops the console's header and the export buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByTestId('pm-exports')).toBeHidden();
  await expect(page.getByTestId('pm-chart').locator('svg')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // Download the Markdown.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('pm-exports').getByRole('link', { name: 'Markdown' }).click(),
  ]);
  const file = testInfo.outputPath('postmortem.md');
  await download.saveAs(file);
  const markdown = fs.readFileSync(file, 'utf8');
  expect(markdown).toMatch(/^---\nwarroom: export\nschemaVersion: 1\n/);
  expect(markdown).toContain(note);
  expect(markdown).toContain('- Clear roles from the first minute');

  // The incident list shows the open action items, linked to the post-mortem's list of them.
  await page.goto('/incidents');
  const listed = page.getByTestId(`incident-actions-${DEMO}`);
  await expect(listed).toHaveText(/^\d+ open \/ \d+$/);
  await expect(listed.getByRole('link')).toHaveAttribute('href', `/incidents/${DEMO}/postmortem#pm-action-items`);

  // Re-import it through the import page.
  await page.goto('/incidents/import');
  await page.getByLabel('Markdown file').setInputFiles(file);
  await expect(page.getByTestId('preview-title')).toHaveText('TMS Critical Issues - Root Cause Analysis & Fix Plan');
  // The demo incident is still open with the same title: warroom asks attach-or-create; create.
  await createFromImportForm(page);
  await expect(page).toHaveURL(new RegExp(`/incidents/${DEMO}-\\d+$`));
  const copy = new URL(page.url()).pathname.split('/').pop()!;

  // Same checklist states…
  expect(checklistStates(copy)).toEqual(checklistStates(DEMO));
  await expect(page.locator('[data-testid="checklist-item"][data-done="true"]')).toHaveCount(
    checklistStates(DEMO).filter((r) => r.done).length,
  );
  // …the events…
  const events = timelineSummaries(copy);
  expect(events.some((e) => e.includes(note))).toBe(true);
  expect(events.some((e) => e.includes('→ resolved'))).toBe(true);
  await expect(page.getByTestId('timeline-event').filter({ hasText: note })).toHaveCount(1);
  // …and the action items and lessons.
  expect(actionItems(copy)).toEqual(actionItems(DEMO));
  await page.goto(`/incidents/${copy}/postmortem`);
  await expect(page.getByTestId('action-item').filter({ hasText: 'ops@e2e.test' })).toHaveCount(1);
  await expect(page.getByTestId('narrative-wentWell').getByLabel('What went well')).toHaveValue(
    'Clear roles from the first minute\nThe zombie PID was in the evidence',
  );
});
