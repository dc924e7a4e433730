import { describe, expect, it } from 'vitest';
import { publicDraft, publicTitleOf } from './public-draft';

describe('publicDraft', () => {
  it('says the status, the public impact and the next update, nothing else', () => {
    const text = publicDraft({
      status: 'identified',
      publicSummary: 'Sign-in is failing for some customers.',
      nextUpdateBy: new Date('2026-01-12T06:15:00Z'),
    });
    expect(text).toBe(
      'Status: identified — We have identified the cause and are working on a fix.\n' +
        'Impact: Sign-in is failing for some customers.\n' +
        'Next update by 06:15 UTC.',
    );
  });
  it('has a neutral impact and title when none was written', () => {
    expect(publicDraft({ status: 'investigating', publicSummary: null, nextUpdateBy: null })).toBe(
      'Status: investigating — We are investigating an issue.\nImpact: Some users may be affected.',
    );
    expect(publicTitleOf({ publicTitle: '  ' })).toBe('Service incident');
    expect(publicTitleOf({ publicTitle: 'Sign-in trouble' })).toBe('Sign-in trouble');
  });
});
