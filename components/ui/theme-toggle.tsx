'use client';

import { useState } from 'react';
import { THEMES, themeCookie, parseTheme, type Theme } from '@/lib/ui/theme';

const LABEL: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/**
 * System / light / dark. The choice is applied at once (data-theme on
 * <html>, which the dark: variant reads) and kept in a cookie, so the server
 * renders the next page in it from the first byte.
 */
export function ThemeToggle({ theme: initial }: { theme: Theme }) {
  const [theme, setTheme] = useState(initial);
  return (
    <label className="flex items-center gap-1">
      <span>Theme</span>
      <select
        data-testid="theme-toggle"
        value={theme}
        onChange={(e) => {
          const next = parseTheme(e.target.value);
          setTheme(next);
          document.documentElement.dataset.theme = next;
          // A browser preference, not warroom data: no server round trip, nothing to audit.
          document.cookie = themeCookie(next);
        }}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs text-slate-800 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {LABEL[t]}
          </option>
        ))}
      </select>
    </label>
  );
}
