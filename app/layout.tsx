import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import { THEME_COOKIE, parseTheme } from '@/lib/ui/theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'warroom', template: '%s · warroom' },
  description: 'Incident operations console',
  // The .ico for whatever asks /favicon.ico; the SVG for browsers. The incident page adds
  // a last icon link, /icon-overdue.svg, while a status update is overdue (incidents/[incidentSlug]/_components/incident-tab.tsx).
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '16x16 32x32' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
  },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Read on the server so the first paint is already in the chosen theme (no flash, no inline script).
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-screen font-sans text-sm">{children}</body>
    </html>
  );
}
