// Plain JavaScript on purpose: a next.config.ts makes every production start
// load Next's native SWC compiler (~25 MB resident) just to read this file.

const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole tree (tsc --noEmit); a first `npm start`
  // should not pay for it twice.
  typescript: { ignoreBuildErrors: true },
  // Native modules and ones that read their own files at run time stay out of the bundle.
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    'ssh2',
    'cpu-features',
    'pino',
    'bcryptjs',
    // One copy of Prisma's runtime and its query-compiler WebAssembly per process, not one per bundle.
    '@prisma/client',
  ],
  experimental: {
    // RCA documents are limited to MAX_UPLOAD_BYTES (1 MiB), warroom's own exports to MAX_EXPORT_BYTES (4 MiB,
    // lib/rca/check-upload.ts); leave room for form encoding so the app, not the framework, names the limit.
    serverActions: { bodySizeLimit: '10mb' },
    // forbidden() → app/forbidden.tsx with a 403: a refused area says why (lib/auth/session.ts).
    authInterrupts: true,
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
