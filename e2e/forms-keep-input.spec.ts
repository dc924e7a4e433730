import { test, expect, signIn, emailFor, importFixtureIncident } from './support/fixtures';

/**
 * React resets a form after its action; a refused submission must still
 * show what was typed (components/ui/use-form-action.ts), and a successful
 * one must clear it.
 */
test.describe('forms keep what was typed when refused', () => {
  test('a timeline note with an unreadable time keeps its text; fixed, it is added and cleared', async ({ page }) => {
    const slug = importFixtureIncident();
    // A commander: a timed note may also set the impact start, which needs incident:update.
    await signIn(page, emailFor('commander'));
    await page.goto(`/incidents/${slug}`);
    const note = page.getByLabel('Note', { exact: true });
    const when = page.getByLabel('When (optional)');
    await note.fill('Rolled web1 back to v41');
    await when.fill('yesterday-ish');
    await page.getByLabel('impact began').check();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByTestId('form-error')).toContainText('Could not read the time "yesterday-ish"');
    await expect(note).toHaveValue('Rolled web1 back to v41');
    await expect(when).toHaveValue('yesterday-ish');
    await expect(when).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('impact began')).toBeChecked();

    await when.fill('2026-01-08 13:54:07 CST');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByTestId('timeline-event').filter({ hasText: 'Rolled web1 back to v41' })).toHaveCount(1);
    await expect(note).toHaveValue('');
    await expect(when).toHaveValue('');
  });

  test('adding a user whose email exists keeps the form, but not the password', async ({ page }) => {
    await signIn(page, emailFor('admin'));
    await page.goto('/admin/users');
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill(emailFor('viewer'));
    await form.getByLabel('Name').fill('Second viewer');
    await form.getByLabel('Role').selectOption('commander');
    await form.getByLabel('Password (blank: generate one)').fill('another-password-123');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(form.getByTestId('form-error')).toContainText('already exists');
    await expect(form.getByLabel('Email')).toHaveValue(emailFor('viewer'));
    await expect(form.getByLabel('Name')).toHaveValue('Second viewer');
    await expect(form.getByLabel('Role')).toHaveValue('commander');
    await expect(form.getByLabel('Password (blank: generate one)')).toHaveValue('');
  });
});
