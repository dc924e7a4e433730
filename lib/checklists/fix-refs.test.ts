import { describe, expect, it } from 'vitest';
import { fixNumber, splitFixRefs } from './fix-refs';

describe('splitFixRefs', () => {
  it('links each "Fix N" in an item to that fix', () => {
    expect(splitFixRefs('Kill zombie Next.js processes (Fix 1)')).toEqual([
      { text: 'Kill zombie Next.js processes (' },
      { text: 'Fix 1', fix: 1 },
      { text: ')' },
    ]);
    expect(splitFixRefs('Update email validation (Fix 2 - Option A or B)')[1]).toEqual({ text: 'Fix 2', fix: 2 });
    expect(splitFixRefs('no reference here')).toEqual([{ text: 'no reference here' }]);
    expect(splitFixRefs('prefix').length).toBe(1);
  });

  it('reads the number a fix title starts with', () => {
    expect(fixNumber('Fix 3: Improve Systemd Service Management')).toBe(3);
    expect(fixNumber('Restart the frontend')).toBeNull();
  });
});
