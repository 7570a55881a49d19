import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

// The runner and each worker load this file; the first unpacks the packaged
// Chromium (a few seconds, once per version), the others find it unpacked.
const launchOptions = await chromiumLaunchOptions();

/**
 * Several people (or helper sessions) may test from one working tree at once:
 * `E2E_PORT` and `E2E_DIST` give a run its own preview server and build folder
 * (build with `npx vite build --outDir $E2E_DIST`). Defaults: 4173 and dist.
 */
const port = Number(process.env.E2E_PORT ?? 4173);
const dist = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  // Its own folder: Playwright empties it, and test-results/conformance holds the suite's artifacts.
  outputDir: process.env.E2E_PORT ? `test-results/e2e-${port}` : 'test-results/e2e',
  // Many tests watch packets travel at 4×: on a loaded 2-core machine a whole `docker run -d
  // nginx` under the hood took 2.1 min. The budget is for a slow machine, not for the page.
  timeout: 240_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions,
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 }, launchOptions },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --outDir ${dist}`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
