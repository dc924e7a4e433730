import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'warroom', template: '%s · warroom' },
  description: 'Incident operations console',
  // The .ico for whatever asks /favicon.ico; the SVG for browsers. The incident page swaps in
  // /icon-overdue.svg while a status update is overdue (incidents/[incidentSlug]/_components/incident-tab.tsx).
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '16x16 32x32' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
  },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans text-sm">{children}</body>
    </html>
  );
}
