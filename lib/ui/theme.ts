/**
 * The colour theme a person picked: `system` (follow prefers-color-scheme,
 * the default) or a fixed `light` / `dark`. It lives in a cookie, not in the
 * database: it is a property of this browser, and the server must know it
 * before the first byte of HTML so the page never paints in the wrong theme.
 */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = 'warroom-theme';

export function parseTheme(value: string | undefined | null): Theme {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The cookie a choice is stored as; `system` clears it (max-age=0). */
export function themeCookie(theme: Theme): string {
  const maxAge = theme === 'system' ? 0 : 60 * 60 * 24 * 365;
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=${maxAge}; SameSite=Lax`;
}
