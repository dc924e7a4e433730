import { describe, expect, it } from 'vitest';
import { parseTheme, themeCookie } from './theme';

describe('theme cookie', () => {
  it('reads light and dark, and anything else as system', () => {
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme('dark')).toBe('dark');
    for (const v of [undefined, null, '', 'system', 'DARK', 'blue']) expect(parseTheme(v)).toBe('system');
  });

  it('keeps a fixed choice for a year and clears the cookie for system', () => {
    expect(themeCookie('dark')).toBe('warroom-theme=dark; Path=/; Max-Age=31536000; SameSite=Lax');
    expect(themeCookie('system')).toMatch(/^warroom-theme=system; Path=\/; Max-Age=0;/);
  });
});
