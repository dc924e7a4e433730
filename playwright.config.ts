import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * e2e runs the built app (`next build`, then our production server) on a
 * free port with a throwaway database, in Debian's Chromium.
 * scripts/test-all.sh sets E2E_PORT and E2E_DATA_DIR.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(__dirname, '.tmp', 'e2e');
// The e2e identity provider (e2e/support/identity-provider.ts, started by the SSO spec) listens here.
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 1);
process.env.E2E_PORT = String(port);
process.env.E2E_OIDC_PORT = String(oidcPort);
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `bash e2e/support/serve.sh`,
    url: `http://localhost:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    env: {
      PORT: String(port),
      E2E_DATA_DIR: dataDir,
      WARROOM_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
      WARROOM_OIDC_CLIENT_ID: 'warroom-e2e',
      WARROOM_OIDC_CLIENT_SECRET: 'e2e-oidc-client-secret-7c1d9a',
      WARROOM_OIDC_NAME: 'Test IdP',
      // The tests' loopback webhook receiver is the "internal chat server" on the allow-list.
      WARROOM_WEBHOOK_ALLOW_INTERNAL: '127.0.0.1',
    },
  },
});
