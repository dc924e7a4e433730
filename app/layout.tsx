import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'warroom', template: '%s · warroom' },
  description: 'Incident operations console',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans text-sm">{children}</body>
    </html>
  );
}
