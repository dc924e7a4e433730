import { test, expect, commanderAndResponderOn, importFixtureIncident } from './support/fixtures';

/**
 * Issue 18 (1), two people in two browsers: the responder's untouched draft
 * follows the commander's status change and notes live, without a reload;
 * once the responder types, their words stay, new facts are offered to
 * insert, and the commander's publish is shown beside the draft, not merged.
 */
const MINE = 'MY HALF-WRITTEN UPDATE: we rolled back';
const NOTE_ONE = 'E2E draft note one: cache purged on the edge';
const NOTE_TWO = 'E2E draft note two: error rate is falling';
const THEIRS = 'E2E commander update: rollback confirmed by the commander';

test('the draft stays true and never eats what a person typed', async ({ browser }) => {
  const slug = importFixtureIncident();
  const { commander, responder, close } = await commanderAndResponderOn(browser, slug);

  const draft = responder.getByLabel('Status update', { exact: true });
  await expect(draft).toHaveValue(/^Status: investigating\./);

  // Untouched: the commander's status change and note reach the draft live.
  await commander
    .getByRole('group', { name: 'Status' })
    .getByRole('button', { name: 'identified', exact: true })
    .click();
  await expect(responder.getByTestId('incident-status')).toHaveText('identified');
  await expect(draft).toHaveValue(/^Status: identified \(was investigating\)\./);
  await commander.getByLabel('Note', { exact: true }).fill(NOTE_ONE);
  await commander.getByRole('form', { name: 'Add a timeline note' }).getByRole('button', { name: 'Add' }).click();
  await expect(draft).toHaveValue(new RegExp(`Notes: ${NOTE_ONE}\\.`));

  // Typed into: a new note is offered, not written over the person's words.
  await draft.fill(MINE);
  await commander.getByLabel('Note', { exact: true }).fill(NOTE_TWO);
  await commander.getByRole('form', { name: 'Add a timeline note' }).getByRole('button', { name: 'Add' }).click();
  const offer = responder.getByRole('button', { name: /^\d+ changes? since you started — insert$/ });
  await expect(offer).toHaveText('1 change since you started — insert');
  await expect(draft).toHaveValue(MINE);
  await offer.click();
  await expect(draft).toHaveValue(new RegExp(`^${MINE}\\nNotes: ${NOTE_ONE}\\. ${NOTE_TWO}\\.$`));
  await expect(offer).toHaveCount(0);

  // Someone else publishes: shown beside the draft; the draft is not replaced or merged.
  const written = await draft.inputValue();
  const commanderDraft = commander.getByLabel('Status update', { exact: true });
  await commanderDraft.fill(THEIRS);
  await commander.getByTestId('publish-update').click();
  await expect(commander.getByTestId('form-success')).toHaveText('Published (internal).');
  const beside = responder.getByTestId('published-meanwhile');
  await expect(beside).toContainText(THEIRS);
  await expect(beside).toContainText('while you were writing');
  await expect(draft).toHaveValue(written);

  // The responder's own publish is what they wrote, and the draft starts again from it.
  await responder.getByTestId('publish-update').click();
  await expect(responder.getByTestId('form-success')).toHaveText('Published (internal).');
  await expect(responder.getByTestId('status-update').first()).toContainText(MINE);
  await expect(responder.getByTestId('status-update').first()).not.toContainText(THEIRS);
  await expect(beside).toHaveCount(0);
  await expect(draft).toHaveValue(/^Status: identified\./);
  await expect(draft).toHaveAttribute('data-touched', 'false');

  await close();
});
