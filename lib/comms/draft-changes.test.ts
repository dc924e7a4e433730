import { describe, expect, it } from 'vitest';
import { insertDraftLines, newDraftLines } from './draft-changes';

describe('newDraftLines', () => {
  const started = 'Status: identified (was investigating).\nNext update by 05:15 UTC.';
  it('offers what the draft learned that the person has not written', () => {
    const now = 'Status: identified (was investigating).\nNotes: Cache purged.\nNext update by 05:16 UTC.';
    expect(newDraftLines(started, now, 'MY HALF-WRITTEN UPDATE')).toEqual(['Notes: Cache purged.']);
  });
  it('offers nothing already written, and not the moving next-update time', () => {
    const now = 'Status: identified (was investigating).\nNotes: Cache purged.\nNext update by 05:20 UTC.';
    expect(newDraftLines(started, now, 'mine\nNotes: Cache purged.')).toEqual([]);
  });
});

describe('insertDraftLines', () => {
  it('adds each new line after the text, keeping it as written', () => {
    expect(insertDraftLines('we rolled back  \n', ['Notes: A.', 'Done: B.'])).toBe(
      'we rolled back\nNotes: A.\nDone: B.',
    );
    expect(insertDraftLines('', ['Notes: A.'])).toBe('Notes: A.');
    expect(insertDraftLines('as is ', [])).toBe('as is ');
  });
});
